package com.acme.finchconnections.finch;

import java.util.List;

/**
 * Finch's {@code GET /introspect}. Enum-like values stay strings because Finch adds values over time;
 * {@code customer_id} is read from a JSON string or number (one of Finch's examples has a number).
 */
public record Introspection(
        String id,
        String clientId,
        String clientType,
        String connectionId,
        ConnectionStatus connectionStatus,
        String connectionType,
        List<String> products,
        String providerId,
        String accountId,
        String companyId,
        String customerId,
        String customerName,
        String customerEmail,
        List<AuthenticationMethod> authenticationMethods,
        List<Entity> entities,
        Boolean manual,
        String payrollProviderId,
        String username) {
}
