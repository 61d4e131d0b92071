package com.acme.finchconnections.migration;

/**
 * One record that could not be migrated. {@code index} is its position in the request ({@code connections[index]});
 * {@code error} is Finch's code and message; the token is never shown.
 */
public record MigrationFailureView(int index, String accountId, String companyId, String customerId, String error,
        String finchCode, String finchRequestId) {

    static MigrationFailureView from(MigrationRecord record) {
        return new MigrationFailureView(record.recordIndex, record.accountId, record.companyId, record.customerId,
                record.errorCode == null ? record.error
                        : record.error == null ? record.errorCode : record.errorCode + ": " + record.error,
                record.errorCode, record.finchRequestId);
    }
}
