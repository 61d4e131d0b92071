package com.acme.finchconnections.finch;

import java.util.List;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record TokenExchange(String accessToken, String tokenType, String connectionId, String clientType,
        String connectionType, List<String> entityIds, List<String> products, String providerId, String accountId,
        String companyId, String customerId, String customerName) {

    @Override
    public String toString() {
        return "TokenExchange[connectionId=" + connectionId + "]";
    }
}
