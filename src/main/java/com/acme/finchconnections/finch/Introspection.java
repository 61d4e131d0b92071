package com.acme.finchconnections.finch;

import java.util.List;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record Introspection(String id, String clientId, String clientType, String connectionId,
        ConnectionStatus connectionStatus, String connectionType, List<String> products, String providerId,
        String accountId, String companyId, String customerId, String customerName, String customerEmail,
        List<AuthenticationMethod> authenticationMethods, List<Entity> entities, Boolean manual,
        String payrollProviderId, String username) {
}
