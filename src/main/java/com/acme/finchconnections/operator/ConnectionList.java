package com.acme.finchconnections.operator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.connection.ConnectionStatuses;
import com.acme.finchconnections.connection.ConnectionSummary;

/** The connections table as the list page shows it, with the filters it was asked for. */
public record ConnectionList(List<Row> rows, Filters filters, List<String> statuses, String nextHref) {

    /** {@code stale}: connected, but no successful sync for longer than the configured limit. */
    public record Row(ConnectionSummary connection, boolean stale, boolean needsAttention) {
    }

    /** The query of the page; {@code attention} is the "needs attention" tab. */
    public record Filters(String status, String providerId, String customer, boolean attention) {

        String query(String cursor) {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "status", status);
            put(query, "provider_id", providerId);
            put(query, "customer", customer);
            if (attention) {
                query.put("attention", "true");
            }
            put(query, "cursor", cursor);
            return query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&", "/?", ""));
        }

        private static void put(Map<String, String> query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.put(name, value);
            }
        }
    }

    static ConnectionList from(Page<ConnectionSummary> page, Filters filters, Instant staleBefore) {
        List<Row> rows = page.data().stream().map(connection -> row(connection, staleBefore)).toList();
        return new ConnectionList(rows, filters, ConnectionStatuses.KNOWN,
                page.nextCursor() == null ? null : filters.query(page.nextCursor()));
    }

    private static Row row(ConnectionSummary connection, Instant staleBefore) {
        boolean stale = connection.lastSuccessfulSyncAt() != null
                && connection.lastSuccessfulSyncAt().isBefore(staleBefore);
        return new Row(connection, stale, stale || needsAction(connection.status()));
    }

    static boolean needsAction(String status) {
        return status != null && (status.equals(ConnectionStatuses.REAUTH)
                || status.equals(ConnectionStatuses.DISCONNECTED) || status.startsWith("error"));
    }
}
