package com.acme.finchconnections.connection;

/**
 * Filters of {@code GET /api/v1/connections}; all optional, combined with "and". {@code accountId} and
 * {@code companyId} also match the legacy ids a connection absorbed (migration, re-authentication).
 */
public record ConnectionFilter(String status, String customerId, String customerIdPrefix, String providerId,
        String accountId, String companyId) {

    ConnectionFilter normalized() {
        return new ConnectionFilter(ConnectionStatuses.normalize(blankToNull(status)), blankToNull(customerId),
                blankToNull(customerIdPrefix), blankToNull(providerId), blankToNull(accountId),
                blankToNull(companyId));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
