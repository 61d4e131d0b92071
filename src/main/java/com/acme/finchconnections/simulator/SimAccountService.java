package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One connection as its token sees it: {@code /introspect}, {@code /disconnect}, and the sandbox API that
 * creates connections directly and changes their status (a change is announced with {@code account.updated}).
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimAccountService {

    static final Set<String> STATUSES = Set.of("pending", "processing", "connected", "reauth",
            "error_no_account_setup", "error_permissions", "disconnected");

    public record SandboxConnectionRequest(String providerId, String authenticationType, Integer employeeSize,
            List<String> products) {
    }

    public record SandboxAccountRequest(String companyId, String providerId, String authenticationType,
            List<String> products) {
    }

    public record SandboxStatusRequest(String connectionStatus) {
    }

    private final ConnectionStore connections;
    private final SimJobs jobs;
    private final SimWebhooks webhooks;
    private final SimAuth auth;
    private final SimJson json;
    private final Pool database;
    private final Clock clock;

    public SimAccountService(ConnectionStore connections, SimJobs jobs, SimWebhooks webhooks, SimAuth auth,
            SimJson json, Pool database, Clock clock) {
        this.connections = connections;
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.auth = auth;
        this.json = json;
        this.database = database;
        this.clock = clock;
    }

    Uni<Map<String, Object>> introspect(ConnectionStore.TokenOwner owner) {
        return Uni.createFrom().item(introspection(owner));
    }

    /** Revokes every token of the connection and marks it disconnected; its tokens stop working at once. */
    Uni<Map<String, Object>> disconnect(ConnectionStore.TokenOwner owner) {
        Instant now = clock.instant();
        String connectionId = owner.connection().connectionId();
        return database.withTransaction(tx -> connections.revokeTokens(tx, connectionId, now)
                        .chain(() -> connections.updateStatus(tx, connectionId, "disconnected", now)))
                .replaceWith(Map.of("status", "success"));
    }

    /** {@code POST /sandbox/connections}: a connected sandbox connection and its token, no Connect involved. */
    Uni<Map<String, Object>> createSandboxConnection(SandboxConnectionRequest request) {
        validateSandbox(request.providerId(), request.authenticationType(), request.products());
        Instant now = clock.instant();
        SimConnection connection = SimConnectionFactory.create(null, null, null, request.providerId(),
                SimProviders.authMethodFor(request.providerId(), request.authenticationType()), "finch", "sandbox",
                request.products(), false, null, now);
        return database.withTransaction(tx -> connections.insert(tx, connection, now)
                        .call(() -> jobs.scheduleDailySync(tx, connection, now))
                        .chain(() -> connections.issueToken(tx, connection.connectionId(), null, now)))
                .map(token -> sandboxCreated(token, connection));
    }

    /**
     * {@code POST /sandbox/connections/accounts}: another account for a company/provider pair: a new token
     * for the sandbox connection that has them, or a new connection with that company id.
     */
    Uni<Map<String, Object>> createSandboxAccount(SandboxAccountRequest request) {
        new SimValidation().text(request.companyId(), "company_id", true).throwIfAny();
        validateSandbox(request.providerId(), request.authenticationType(), request.products());
        Instant now = clock.instant();
        return database.withTransaction(tx -> ConnectionStore.lock(tx, "company:" + request.companyId())
                        .chain(() -> connections.findByCompany(tx, request.companyId(), request.providerId()))
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(existing);
                            }
                            SimConnection created = SimConnectionFactory.create(null, null, null,
                                    request.providerId(),
                                    SimProviders.authMethodFor(request.providerId(), request.authenticationType()),
                                    "finch", "sandbox", request.products(), false, request.companyId(), now);
                            return connections.insert(tx, created, now)
                                    .call(() -> jobs.scheduleDailySync(tx, created, now))
                                    .replaceWith(created);
                        })
                        .chain(connection -> connections.issueToken(tx, connection.connectionId(), null, now)
                                .map(token -> sandboxCreated(token, connection))));
    }

    /** {@code PUT /sandbox/connections/accounts}: a new status, announced by an {@code account.updated} webhook. */
    Uni<Map<String, Object>> updateSandboxStatus(ConnectionStore.TokenOwner owner, SandboxStatusRequest request) {
        String status = request.connectionStatus();
        if (status != null && !STATUSES.contains(status)) {
            throw FinchSimError.invalidRequest("connection_status must be one of " + STATUSES);
        }
        SimConnection connection = owner.connection();
        if (status == null || status.equals(connection.status())) {
            return Uni.createFrom().item(accountView(connection));
        }
        Instant now = clock.instant();
        return connections.updateStatus(database, connection.connectionId(), status, now)
                .chain(() -> connections.find(database, connection.connectionId()))
                .call(updated -> webhooks.connectionEvent(updated, "account.updated", json.mapper().createObjectNode()
                        .put("status", status)
                        .set("authentication_method", json.mapper().createObjectNode()
                                .put("type", updated.authenticationType()))))
                .map(this::accountView);
    }

    private Map<String, Object> introspection(ConnectionStore.TokenOwner owner) {
        SimConnection connection = owner.connection();
        Map<String, Object> status = connectionStatus(connection);
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("type", connection.authenticationType());
        method.put("connection_status", status);
        method.put("products", connection.products());
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", connection.entityId());
        entity.put("name", connection.customerName());
        entity.put("source_id", null);
        entity.put("status", connection.status());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", owner.tokenId());
        body.put("client_id", auth.clientId());
        body.put("client_type", connection.clientType());
        body.put("connection_id", connection.connectionId());
        body.put("connection_status", status);
        body.put("connection_type", connection.connectionType());
        body.put("products", connection.products());
        body.put("provider_id", connection.providerId());
        body.put("account_id", connection.accountId());
        body.put("company_id", connection.companyId());
        body.put("customer_id", connection.customerId());
        body.put("customer_name", connection.customerName());
        body.put("customer_email", connection.customerEmail());
        body.put("authentication_methods", List.of(method));
        body.put("entities", List.of(entity));
        body.put("manual", connection.manual());
        body.put("payroll_provider_id", connection.providerId());
        body.put("username", connection.username());
        return body;
    }

    private static Map<String, Object> connectionStatus(SimConnection connection) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", connection.status());
        if (connection.statusMessage() != null) {
            status.put("message", connection.statusMessage());
        }
        if (connection.lastSuccessfulSync() != null) {
            status.put("last_successful_sync", connection.lastSuccessfulSync().toString());
        }
        return status;
    }

    private Map<String, Object> sandboxCreated(ConnectionStore.IssuedToken token, SimConnection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "bearer");
        body.putAll(accountView(connection));
        return body;
    }

    private Map<String, Object> accountView(SimConnection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection_id", connection.connectionId());
        body.put("entity_id", connection.entityId());
        body.put("account_id", connection.accountId());
        body.put("company_id", connection.companyId());
        body.put("provider_id", connection.providerId());
        body.put("authentication_type", connection.authenticationType());
        body.put("products", connection.products());
        return body;
    }

    private static void validateSandbox(String providerId, String authenticationType, List<String> products) {
        new SimValidation()
                .text(providerId, "provider_id", true)
                .check(authenticationType == null || SimProviders.AUTH_METHODS.contains(authenticationType),
                        "authentication_type must be one of " + SimProviders.AUTH_METHODS)
                .products(products, "products", false)
                .throwIfAny();
    }
}
