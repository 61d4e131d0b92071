package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Finch's Connect as the API sees it: sessions (one open session per customer, refreshed rather than
 * duplicated; {@code connection_already_exists} once connected), reauthentication sessions, the success that
 * creates the connection and an authorization code, and the code exchange ({@code /auth/token}).
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimConnectService {

    static final int DEFAULT_MINUTES_TO_EXPIRE = 129_600;
    static final int DEFAULT_REAUTH_MINUTES_TO_EXPIRE = 43_200;

    /** Body of {@code POST /connect/sessions}; {@code sandbox} as JSON because old callers send a boolean. */
    public record SessionRequest(String customerId, String customerName, String customerEmail, List<String> products,
            IntegrationRequest integration, Boolean manual, Integer minutesToExpire, String redirectUri,
            JsonNode sandbox) {
    }

    public record IntegrationRequest(String provider, String authMethod) {
    }

    public record ReauthenticateRequest(String connectionId, Integer minutesToExpire, List<String> products,
            String redirectUri) {
    }

    public record TokenRequest(String code, String clientId, String clientSecret, String redirectUri) {
        @Override
        public String toString() {
            return "TokenRequest[clientId=" + clientId + ", redirectUri=" + redirectUri + "]";
        }
    }

    /** A session that just succeeded: the code to exchange, and where Connect sends the browser. */
    record Success(String code, SimSession session, String connectionId) {
        @Override
        public String toString() {
            return "Success[session=" + session.sessionId() + ", connectionId=" + connectionId + "]";
        }
    }

    private final SimulatorConfig config;
    private final SessionStore sessions;
    private final ConnectionStore connections;
    private final SimJobs jobs;
    private final SimAuth auth;
    private final Pool database;
    private final Clock clock;

    public SimConnectService(SimulatorConfig config, SessionStore sessions, ConnectionStore connections, SimJobs jobs,
            SimAuth auth, Pool database, Clock clock) {
        this.config = config;
        this.sessions = sessions;
        this.connections = connections;
        this.jobs = jobs;
        this.auth = auth;
        this.database = database;
        this.clock = clock;
    }

    /** {@code POST /connect/sessions}. Concurrent creates for one customer all get the one session. */
    Uni<Map<String, Object>> createSession(SessionRequest request) {
        String sandbox = validate(request);
        Instant now = clock.instant();
        int minutes = request.minutesToExpire() != null ? request.minutesToExpire() : DEFAULT_MINUTES_TO_EXPIRE;
        return database.withTransaction(tx -> ConnectionStore.lock(tx, "customer:" + request.customerId())
                        .chain(() -> connections.findConnectedCustomer(tx, request.customerId()))
                        .invoke(existing -> {
                            if (existing != null) {
                                throw connectionAlreadyExists(request.customerId(), existing.connectionId());
                            }
                        })
                        .chain(() -> sessions.findOpenConnectSession(tx, request.customerId(), now))
                        .chain(open -> {
                            SimSession session = connectSession(open == null ? SimIds.uuid() : open.sessionId(),
                                    request, sandbox, now.plus(Duration.ofMinutes(minutes)));
                            return (open == null ? sessions.insert(tx, session, now) : sessions.refresh(tx, session, now))
                                    .replaceWith(session);
                        }))
                .map(this::created);
    }

    /** {@code POST /connect/sessions/reauthenticate}: locked to the connection's provider and auth method. */
    Uni<Map<String, Object>> reauthenticate(ReauthenticateRequest request) {
        new SimValidation()
                .text(request.connectionId(), "connection_id", true)
                .minutesToExpire(request.minutesToExpire())
                .products(request.products(), "products", false)
                .redirectUri(request.redirectUri())
                .throwIfAny();
        Instant now = clock.instant();
        int minutes = request.minutesToExpire() != null ? request.minutesToExpire() : DEFAULT_REAUTH_MINUTES_TO_EXPIRE;
        return database.withTransaction(tx -> connections.findForUpdate(tx, request.connectionId())
                        .onItem().ifNull().failWith(() -> FinchSimError.notFound(
                                "No connection " + request.connectionId()))
                        .invoke(connection -> {
                            if (connection.isDisconnected()) {
                                throw FinchSimError.notFound("Connection " + request.connectionId() + " was disconnected");
                            }
                        })
                        .chain(connection -> sessions.findOpenReauthentication(tx, connection.connectionId(), now)
                                .chain(open -> {
                                    SimSession session = reauthenticationSession(
                                            open == null ? SimIds.uuid() : open.sessionId(), connection, request,
                                            now.plus(Duration.ofMinutes(minutes)));
                                    return (open == null ? sessions.insert(tx, session, now)
                                            : sessions.refresh(tx, session, now)).replaceWith(session);
                                })))
                .map(this::created);
    }

    Uni<SimSession> findSession(String sessionId) {
        return sessions.find(database, sessionId);
    }

    /**
     * The employer got through Connect: the connection is created the first time the customer succeeds (a
     * reauthentication reconnects its connection), the session completes, and a single-use code is issued.
     */
    Uni<Success> succeed(String sessionId, String providerId, String authMethod) {
        Instant now = clock.instant();
        return database.withTransaction(tx -> sessions.findForUpdate(tx, sessionId)
                .invoke(session -> requireUsable(session, sessionId, now))
                .chain(session -> connectionFor(tx, session, providerId, authMethod, now)
                        .call(connectionId -> sessions.complete(tx, sessionId, connectionId, now))
                        .chain(connectionId -> issueCode(tx, session, connectionId, now))));
    }

    /** Checks a session can still be walked through Connect; fails the way Connect would refuse it. */
    static void requireUsable(SimSession session, String sessionId, Instant now) {
        if (session == null) {
            throw FinchSimError.notFound("No session " + sessionId);
        }
        if (session.isCompleted()) {
            throw FinchSimError.invalidRequest("Session " + sessionId + " is already completed");
        }
        if (session.isExpired(now)) {
            throw FinchSimError.invalidRequest("Session " + sessionId + " has expired");
        }
    }

    /** {@code POST /auth/token}: single-use codes, {@code redirect_uri} exactly as the session had it. */
    Uni<Map<String, Object>> exchange(TokenRequest request) {
        auth.requireClient(request.clientId(), request.clientSecret());
        if (request.code() == null || request.code().isBlank()) {
            throw FinchSimError.invalidRequest("code is required");
        }
        Instant now = clock.instant();
        return database.withTransaction(tx -> connections.findCodeForUpdate(tx, request.code())
                .invoke(code -> requireExchangeable(code, request.redirectUri(), now))
                .call(code -> connections.spendCode(tx, request.code(), now))
                .chain(code -> connections.issueToken(tx, code.connectionId(), code.sessionId(), now)
                        .chain(token -> connections.find(tx, code.connectionId())
                                .map(connection -> tokenResponse(token, connection)))));
    }

    private static void requireExchangeable(ConnectionStore.StoredCode code, String redirectUri, Instant now) {
        if (code == null || code.usedAt() != null || !now.isBefore(code.expiresAt())) {
            throw FinchSimError.invalidGrant("The authorization code is invalid, expired or already used");
        }
        if (code.redirectUri() == null && redirectUri != null) {
            throw FinchSimError.invalidGrant("redirect_uri was not part of this session; omit it");
        }
        if (code.redirectUri() != null && !code.redirectUri().equals(redirectUri)) {
            throw FinchSimError.invalidGrant("redirect_uri does not match the session's redirect_uri");
        }
    }

    private Map<String, Object> tokenResponse(ConnectionStore.IssuedToken token, SimConnection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "bearer");
        body.put("connection_id", connection.connectionId());
        body.put("client_type", connection.clientType());
        body.put("connection_type", connection.connectionType());
        body.put("entity_ids", List.of(connection.entityId()));
        body.put("products", connection.products());
        body.put("provider_id", connection.providerId());
        body.put("account_id", connection.accountId());
        body.put("company_id", connection.companyId());
        body.put("customer_id", connection.customerId());
        body.put("customer_name", connection.customerName());
        return body;
    }

    private Uni<String> connectionFor(SqlClient tx, SimSession session, String providerId, String authMethod,
            Instant now) {
        if (session.isReauthentication()) {
            return connections.reconnect(tx, session.connectionId(), session.products(), now)
                    .replaceWith(session.connectionId());
        }
        return ConnectionStore.lock(tx, "customer:" + session.customerId())
                .chain(() -> connections.findConnectedCustomer(tx, session.customerId()))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing.connectionId());
                    }
                    SimConnection created = newConnection(session, providerId, authMethod, now);
                    return connections.insert(tx, created, now)
                            .call(() -> jobs.scheduleDailySync(tx, created, now))
                            .replaceWith(created.connectionId());
                });
    }

    private SimConnection newConnection(SimSession session, String providerId, String authMethod, Instant now) {
        String provider = session.providerId() != null ? session.providerId()
                : providerId != null ? providerId : SimProviders.DEFAULT_PROVIDER;
        String method = SimProviders.authMethodFor(provider, session.authMethod() != null ? session.authMethod() : authMethod);
        return SimConnectionFactory.create(session.customerId(), session.customerName(), session.customerEmail(),
                provider, method, session.sandbox() != null ? "finch" : "provider",
                session.sandbox() != null ? "sandbox" : "development", session.products(),
                Boolean.TRUE.equals(session.manual()), null, now);
    }

    private Uni<Success> issueCode(SqlClient tx, SimSession session, String connectionId, Instant now) {
        String code = SimIds.secret();
        return connections.insertCode(tx, code, session.sessionId(), connectionId, session.redirectUri(), now,
                        now.plus(config.codeTtl()))
                .replaceWith(new Success(code, session, connectionId));
    }

    private Map<String, Object> created(SimSession session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", session.sessionId());
        body.put("connect_url", connectUrl(session.sessionId()));
        return body;
    }

    String connectUrl(String sessionId) {
        return config.publicBaseUrl() + "/finch-sim/authorize?session=" + sessionId;
    }

    private static FinchSimError connectionAlreadyExists(String customerId, String connectionId) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("customer_id", customerId);
        context.put("connection_id", connectionId);
        return new FinchSimError(400, "bad_request", "connection_already_exists",
                "A connection already exists for customer " + customerId
                        + "; use POST /connect/sessions/reauthenticate with its connection_id instead")
                .with("context", context);
    }

    /** Finch's rules for a session request; answers the {@code sandbox} value as Finch reads it. */
    private static String validate(SessionRequest request) {
        String sandbox = sandboxOf(request.sandbox());
        SimValidation validation = new SimValidation()
                .text(request.customerId(), "customer_id", true)
                .text(request.customerName(), "customer_name", true)
                .email(request.customerEmail(), "customer_email")
                .products(request.products(), "products", true)
                .minutesToExpire(request.minutesToExpire())
                .redirectUri(request.redirectUri())
                .check(sandbox == null || !sandbox.isEmpty(), "sandbox must be finch or provider");
        if (request.integration() != null) {
            validation.text(request.integration().provider(), "integration.provider", true)
                    .check(request.integration().authMethod() == null
                            || SimProviders.AUTH_METHODS.contains(request.integration().authMethod()),
                            "integration.auth_method must be one of " + SimProviders.AUTH_METHODS);
        }
        validation.throwIfAny();
        return sandbox;
    }

    /** {@code finch}/{@code provider}; the older boolean {@code true} reads as finch. Empty string: invalid. */
    private static String sandboxOf(JsonNode sandbox) {
        if (sandbox == null || sandbox.isNull() || (sandbox.isBoolean() && !sandbox.booleanValue())) {
            return null;
        }
        if (sandbox.isBoolean()) {
            return "finch";
        }
        String value = sandbox.asText();
        return value.equals("finch") || value.equals("provider") ? value : "";
    }

    private static SimSession connectSession(String sessionId, SessionRequest request, String sandbox,
            Instant expiresAt) {
        IntegrationRequest integration = request.integration();
        return new SimSession(sessionId, SimSession.CONNECT, request.customerId(), request.customerName(),
                request.customerEmail(), null, request.products(), integration == null ? null : integration.provider(),
                integration == null ? null : integration.authMethod(), request.manual(), sandbox,
                request.redirectUri(), "open", null, expiresAt);
    }

    private static SimSession reauthenticationSession(String sessionId, SimConnection connection,
            ReauthenticateRequest request, Instant expiresAt) {
        List<String> products = request.products() != null && !request.products().isEmpty() ? request.products()
                : connection.products();
        return new SimSession(sessionId, SimSession.REAUTHENTICATE, connection.customerId(),
                connection.customerName(), connection.customerEmail(), connection.connectionId(), products,
                connection.providerId(), connection.authenticationType(), connection.manual(),
                "finch".equals(connection.connectionType()) ? "finch" : null, request.redirectUri(), "open", null,
                expiresAt);
    }
}
