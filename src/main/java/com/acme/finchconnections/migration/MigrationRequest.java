package com.acme.finchconnections.migration;

import java.util.List;

/**
 * The request body as documented in OpenAPI. The service never binds it whole: it is read record by record
 * ({@link LegacyRecordReader}) so large bodies stay out of memory.
 */
public record MigrationRequest(List<LegacyConnection> connections) {

    public record LegacyConnection(String accessToken, String accountId, String companyId, String customerId,
            String customerName) {

        @Override
        public String toString() {
            return "LegacyConnection[accessToken=***, accountId=" + accountId + ", companyId=" + companyId + "]";
        }
    }
}
