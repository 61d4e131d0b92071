package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A connection as {@code GET /api/v1/connections/{connection_id}} shows it. Token history lists tokens by id and
 * origin only: no token value, and no field named {@code access_token}, ever.
 */
public record ConnectionOverview(String connectionId, String customerId, String customerName, String customerEmail,
        String providerId, String connectionType, String clientType, boolean manual, String status,
        String statusMessage, Instant statusUpdatedAt, List<ProductStatus> products, List<ProductGroup> productGroups,
        List<AuthenticationMethodView> authenticationMethods, Instant lastSuccessfulSyncAt, Instant nextSyncAt,
        Instant createdAt, Instant updatedAt, String accountId, String companyId, List<LegacyIds> legacyIds,
        List<TokenView> tokens) {

    /** A product's status is that of the authentication method providing it, else the connection's. */
    public record ProductStatus(String product, String status, Instant lastChangedAt) {
    }

    /** A dashboard group; its status is its worst product's. */
    public record ProductGroup(String group, String status, List<String> products) {
    }

    public record AuthenticationMethodView(String type, String status, String message, List<String> products,
            Instant lastSuccessfulSync) {

        static AuthenticationMethodView from(AuthenticationMethodStatus method) {
            return new AuthenticationMethodView(method.type(), method.status(), method.message(),
                    method.products() == null ? List.of() : method.products(), method.lastSuccessfulSync());
        }
    }

    public record LegacyIds(String accountId, String companyId) {
    }

    public record TokenView(UUID tokenId, Instant createdAt, Instant revokedAt, String providerId, String authMethod,
            String source) {

        static TokenView from(AccessToken token) {
            return new TokenView(token.tokenId, token.createdAt, token.revokedAt, token.providerId, token.authMethod,
                    token.source);
        }
    }

    /**
     * @param productActivity last change time per product (data webhooks)
     * @param tokens          newest first
     */
    public static ConnectionOverview from(Connection connection, List<LegacyIds> legacyIds,
            Map<String, Instant> productActivity, List<AccessToken> tokens) {
        List<ProductStatus> products = productStatuses(connection, productActivity);
        return new ConnectionOverview(connection.connectionId, connection.customerId, connection.customerName,
                connection.customerEmail, connection.providerId, connection.connectionType, connection.clientType,
                connection.manual, connection.status, connection.statusMessage, connection.statusUpdatedAt,
                products, groups(products),
                connection.authenticationMethods.stream().map(AuthenticationMethodView::from).toList(),
                connection.lastSuccessfulSyncAt, connection.nextSyncAt, connection.createdAt, connection.updatedAt,
                connection.accountId, connection.companyId, legacyIds,
                tokens.stream().map(TokenView::from).toList());
    }

    private static List<ProductStatus> productStatuses(Connection connection, Map<String, Instant> productActivity) {
        return connection.products.stream()
                .distinct()
                .map(product -> new ProductStatus(product, statusOf(product, connection),
                        productActivity.get(product)))
                .toList();
    }

    /**
     * When several methods provide a product, the healthiest one decides: the product's data still flows while
     * any of them works.
     */
    private static String statusOf(String product, Connection connection) {
        return connection.authenticationMethods.stream()
                .filter(method -> method.products() != null && method.products().contains(product))
                .map(AuthenticationMethodStatus::status)
                .filter(status -> status != null)
                .min(Comparator.comparingInt(ConnectionStatuses::severity))
                .orElse(connection.status);
    }

    private static List<ProductGroup> groups(List<ProductStatus> products) {
        Map<String, List<ProductStatus>> byGroup = new LinkedHashMap<>();
        FinchProducts.GROUPS.forEach(group -> byGroup.put(group, new ArrayList<>()));
        products.forEach(product -> byGroup.get(FinchProducts.groupOf(product.product())).add(product));
        List<ProductGroup> groups = new ArrayList<>();
        byGroup.forEach((group, members) -> {
            if (!members.isEmpty()) {
                String worst = members.stream().map(ProductStatus::status)
                        .max(Comparator.comparingInt(ConnectionStatuses::severity)).orElse(null);
                groups.add(new ProductGroup(group, worst, members.stream().map(ProductStatus::product).toList()));
            }
        });
        return groups;
    }
}
