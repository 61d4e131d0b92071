package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.List;

/** A connection as lists show it; {@code GET /api/v1/connections/{connection_id}} has the full overview. */
public record ConnectionSummary(String connectionId, String customerId, String customerName, String providerId,
        String connectionType, String status, String statusMessage, Instant statusUpdatedAt, List<String> products,
        Instant lastSuccessfulSyncAt, Instant nextSyncAt, String accountId, String companyId, Instant createdAt,
        Instant updatedAt) {

    static ConnectionSummary from(Connection connection) {
        return new ConnectionSummary(connection.connectionId, connection.customerId, connection.customerName,
                connection.providerId, connection.connectionType, connection.status, connection.statusMessage,
                connection.statusUpdatedAt, connection.products, connection.lastSuccessfulSyncAt,
                connection.nextSyncAt, connection.accountId, connection.companyId, connection.createdAt,
                connection.updatedAt);
    }
}
