package com.acme.finchconnections.analytics;

import java.util.List;

/** {@code GET /api/v1/analytics/billable-connections}: {@code count} is the month's total, {@code data} one page. */
public record BillableConnections(String month, long count, List<Connection> data, String nextCursor) {

    public record Connection(String connectionId, String customerId, String customerName, String providerId,
            String status) {
    }
}
