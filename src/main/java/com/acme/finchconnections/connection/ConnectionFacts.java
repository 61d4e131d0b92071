package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.acme.finchconnections.finch.AuthenticationMethod;
import com.acme.finchconnections.finch.ConnectionStatus;
import com.acme.finchconnections.finch.Introspection;
import com.acme.finchconnections.finch.TokenExchange;

/**
 * What Finch told us about a connection at one moment (from {@code /introspect}, completed by the token response
 * where introspection leaves a field out). A null field means "Finch didn't say", never "clear it".
 */
public record ConnectionFacts(String connectionId, String customerId, String customerName, String customerEmail,
        String providerId, String connectionType, String clientType, Boolean manual, List<String> products,
        List<AuthenticationMethodStatus> authenticationMethods, Instant lastSuccessfulSync, String accountId,
        String companyId) {

    /** What {@code /introspect} alone says (a migration has no token response to complete it). */
    public static ConnectionFacts from(Introspection introspection) {
        return from(introspection, null);
    }

    public static ConnectionFacts from(Introspection introspection, TokenExchange token) {
        ConnectionStatus status = introspection.connectionStatus();
        List<AuthenticationMethodStatus> methods = methods(introspection.authenticationMethods());
        return new ConnectionFacts(
                firstOf(introspection.connectionId(), token == null ? null : token.connectionId()),
                firstOf(introspection.customerId(), token == null ? null : token.customerId()),
                firstOf(introspection.customerName(), token == null ? null : token.customerName()),
                introspection.customerEmail(),
                firstOf(introspection.providerId(), token == null ? null : token.providerId()),
                firstOf(introspection.connectionType(), token == null ? null : token.connectionType()),
                firstOf(introspection.clientType(), token == null ? null : token.clientType()),
                introspection.manual(),
                introspection.products() != null ? introspection.products() : token == null ? null : token.products(),
                methods,
                latest(status == null ? null : status.lastSuccessfulSync(), methods),
                firstOf(introspection.accountId(), token == null ? null : token.accountId()),
                firstOf(introspection.companyId(), token == null ? null : token.companyId()));
    }

    /** Copies what Finch said onto the row; fields Finch left out keep their stored value. */
    void applyTo(Connection connection) {
        connection.customerId = firstOf(customerId, connection.customerId);
        connection.customerName = firstOf(customerName, connection.customerName);
        connection.customerEmail = firstOf(customerEmail, connection.customerEmail);
        connection.providerId = firstOf(providerId, connection.providerId);
        connection.connectionType = firstOf(connectionType, connection.connectionType);
        connection.clientType = firstOf(clientType, connection.clientType);
        if (manual != null) {
            connection.manual = manual;
        }
        if (products != null) {
            connection.products = new ArrayList<>(products);
        }
        if (authenticationMethods != null) {
            connection.authenticationMethods = new ArrayList<>(authenticationMethods);
        }
        // A sync that happened stays happened: an older reading never moves it back.
        if (lastSuccessfulSync != null && (connection.lastSuccessfulSyncAt == null
                || lastSuccessfulSync.isAfter(connection.lastSuccessfulSyncAt))) {
            connection.lastSuccessfulSyncAt = lastSuccessfulSync;
        }
        connection.accountId = firstOf(accountId, connection.accountId);
        connection.companyId = firstOf(companyId, connection.companyId);
    }

    public boolean hasLegacyIds() {
        return !isBlank(accountId) || !isBlank(companyId);
    }

    private static List<AuthenticationMethodStatus> methods(List<AuthenticationMethod> methods) {
        if (methods == null) {
            return null;
        }
        return methods.stream()
                .map(method -> new AuthenticationMethodStatus(method.type(),
                        method.connectionStatus() == null ? null
                                : ConnectionStatuses.normalize(method.connectionStatus().status()),
                        method.connectionStatus() == null ? null : method.connectionStatus().message(),
                        method.connectionStatus() == null ? null : method.connectionStatus().lastSuccessfulSync(),
                        method.products() == null ? List.of() : method.products()))
                .toList();
    }

    private static Instant latest(Instant connectionLevel, List<AuthenticationMethodStatus> methods) {
        Instant latest = connectionLevel;
        if (methods != null) {
            for (AuthenticationMethodStatus method : methods) {
                if (method.lastSuccessfulSync() != null
                        && (latest == null || method.lastSuccessfulSync().isAfter(latest))) {
                    latest = method.lastSuccessfulSync();
                }
            }
        }
        return latest;
    }

    private static String firstOf(String preferred, String fallback) {
        return isBlank(preferred) ? fallback : preferred;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
