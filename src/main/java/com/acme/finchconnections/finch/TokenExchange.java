package com.acme.finchconnections.finch;

import java.util.List;

/**
 * Finch's answer to {@code POST /auth/token}. {@link #toString()} leaves the access token out, so the record can
 * be logged or end up in an assertion message without leaking it.
 */
public record TokenExchange(
        String accessToken,
        String tokenType,
        String connectionId,
        String clientType,
        String connectionType,
        List<String> entityIds,
        List<String> products,
        String providerId,
        String accountId,
        String companyId,
        String customerId,
        String customerName) {

    @Override
    public String toString() {
        return "TokenExchange[accessToken=***, tokenType=" + tokenType + ", connectionId=" + connectionId
                + ", clientType=" + clientType + ", connectionType=" + connectionType + ", entityIds=" + entityIds
                + ", products=" + products + ", providerId=" + providerId + ", accountId=" + accountId
                + ", companyId=" + companyId + ", customerId=" + customerId + ", customerName=" + customerName + "]";
    }
}
