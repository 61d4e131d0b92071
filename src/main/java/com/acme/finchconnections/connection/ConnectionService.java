package com.acme.finchconnections.connection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reads connections: the overview, the filtered list and the audit trail. */
@ApplicationScoped
public class ConnectionService {

    /**
     * As {@link #list}, narrowed to the connections an operator should look at: re-authentication needed, an
     * error, disconnected, or no successful sync since {@code staleBefore}.
     */
    @WithSession
    public Uni<Page<ConnectionSummary>> listNeedingAttention(ConnectionFilter filter, Instant staleBefore,
            PageRequest page) {
        return list(ListQuery.of(filter.normalized(), staleBefore, page), page);
    }

    @WithSession
    public Uni<ConnectionOverview> overview(String connectionId) {
        return Connection.findByConnectionId(connectionId)
                .onItem().ifNull().failWith(() -> Problems.notFound("Connection", connectionId))
                .chain(this::withDetails);
    }

    @WithSession
    public Uni<Page<ConnectionSummary>> list(ConnectionFilter filter, PageRequest page) {
        return list(ListQuery.of(filter.normalized(), null, page), page);
    }

    private static Uni<Page<ConnectionSummary>> list(ListQuery query, PageRequest page) {
        return Panache.getSession()
                .chain(session -> query.bind(session.createNativeQuery(query.sql(), Connection.class)).getResultList())
                .map(rows -> Page.of(rows, page.limit(),
                        (Connection last) -> PageRequest.cursor(last.createdAt.toString(), last.connectionId)))
                .map(rows -> rows.map(ConnectionSummary::from));
    }

    @WithSession
    public Uni<Page<ConnectionEventView>> events(String connectionId, PageRequest page) {
        return requireExists(connectionId)
                .chain(() -> (page.first()
                        ? ConnectionEvent.<ConnectionEvent>find("connectionId = ?1 order by id desc", connectionId)
                        : ConnectionEvent.<ConnectionEvent>find("connectionId = ?1 and id < ?2 order by id desc",
                                connectionId, cursorId(page)))
                        .page(0, page.fetchSize()).list())
                .map(rows -> Page.of(rows, page.limit(), (ConnectionEvent last) -> PageRequest.cursor(last.id.toString()))
                        .map(ConnectionEventView::from));
    }

    private Uni<ConnectionOverview> withDetails(Connection connection) {
        String connectionId = connection.connectionId;
        // One reactive session runs one statement at a time, so the parts are read one after the other.
        return legacyIds(connectionId)
                .chain(legacyIds -> productActivity(connectionId)
                        .chain(activity -> tokens(connectionId)
                                .map(tokens -> ConnectionOverview.from(connection, legacyIds, activity, tokens))));
    }

    private Uni<Void> requireExists(String connectionId) {
        return Connection.count("connectionId", connectionId)
                .chain(count -> count == 0
                        ? Uni.createFrom().failure(Problems.notFound("Connection", connectionId))
                        : Uni.createFrom().voidItem());
    }

    private static Uni<List<ConnectionOverview.LegacyIds>> legacyIds(String connectionId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "select account_id, company_id from connection_legacy_id where connection_id = :id "
                                + "order by created_at, account_id, company_id",
                        Object[].class)
                        .setParameter("id", connectionId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new ConnectionOverview.LegacyIds(emptyToNull(row[0]), emptyToNull(row[1])))
                        .toList());
    }

    private static Uni<Map<String, Instant>> productActivity(String connectionId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "select product, last_changed_at from connection_product_activity where connection_id = :id",
                        Object[].class)
                        .setParameter("id", connectionId)
                        .getResultList())
                .map(rows -> {
                    Map<String, Instant> activity = new HashMap<>();
                    rows.forEach(row -> activity.put((String) row[0], instant(row[1])));
                    return activity;
                });
    }

    private static Uni<List<AccessToken>> tokens(String connectionId) {
        return AccessToken.<AccessToken>find("connectionId = ?1 order by createdAt desc, tokenId", connectionId).list();
    }

    private static long cursorId(PageRequest page) {
        try {
            return Long.parseLong(page.afterPart(0));
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static String emptyToNull(Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }

    /**
     * The list as native SQL: a legacy id matches the connection's own column or any pair in
     * connection_legacy_id, which has no entity of its own. Newest first, keyset-paged on (created_at, connection_id).
     */
    private record ListQuery(String sql, Map<String, Object> parameters) {

        /** @param staleBefore when set, only connections needing attention (see listNeedingAttention) */
        static ListQuery of(ConnectionFilter filter, Instant staleBefore, PageRequest page) {
            List<String> where = new ArrayList<>();
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (staleBefore != null) {
                where.add("(c.status in ('reauth', 'disconnected') or c.status like 'error%' "
                        + "or c.last_successful_sync_at < :staleBefore)");
                parameters.put("staleBefore", staleBefore);
            }
            if (filter.status() != null) {
                where.add("c.status = :status");
                parameters.put("status", filter.status());
            }
            if (filter.customerId() != null) {
                where.add("c.customer_id = :customerId");
                parameters.put("customerId", filter.customerId());
            }
            if (filter.customerIdPrefix() != null) {
                where.add("c.customer_id like :customerIdPrefix escape '\\'");
                parameters.put("customerIdPrefix", likePrefix(filter.customerIdPrefix()));
            }
            if (filter.providerId() != null) {
                where.add("c.provider_id = :providerId");
                parameters.put("providerId", filter.providerId());
            }
            if (filter.accountId() != null) {
                where.add("(c.account_id = :accountId or exists (select 1 from connection_legacy_id l "
                        + "where l.connection_id = c.connection_id and l.account_id = :accountId))");
                parameters.put("accountId", filter.accountId());
            }
            if (filter.companyId() != null) {
                where.add("(c.company_id = :companyId or exists (select 1 from connection_legacy_id l "
                        + "where l.connection_id = c.connection_id and l.company_id = :companyId))");
                parameters.put("companyId", filter.companyId());
            }
            if (!page.first()) {
                where.add("(c.created_at, c.connection_id) < (:afterCreatedAt, :afterConnectionId)");
                parameters.put("afterCreatedAt", cursorInstant(page.afterPart(0)));
                parameters.put("afterConnectionId", page.afterPart(1));
            }
            String sql = "select c.* from connection c"
                    + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                    + " order by c.created_at desc, c.connection_id desc limit " + page.fetchSize();
            return new ListQuery(sql, parameters);
        }

        <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query) {
            parameters.forEach(query::setParameter);
            return query;
        }

        private static String likePrefix(String prefix) {
            return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }

        private static Instant cursorInstant(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw Problems.invalid("cursor", "is not a cursor this API returned");
            }
        }
    }
}
