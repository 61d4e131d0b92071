package com.acme.finchconnections.finch;

import static com.acme.finchconnections.simulator.FinchSimTestSupport.addFault;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.complete;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.fault;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.sandboxConnection;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.acme.finchconnections.simulator.FinchSimTestSupport;
import com.acme.finchconnections.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** {@link FinchApi} against the Finch simulator: every endpoint, its error mapping, retries, timeouts, breaker. */
@QuarkusTest
class FinchApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    FinchApi finch;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "finch.base-url")
    String baseUrl;

    @AfterEach
    void clearFaults() {
        FinchSimTestSupport.clearFaults();
    }

    /** A client with its own limits and breaker: fast backoff so retry tests stay short. */
    private FinchApi client(Duration requestTimeout, Duration deadline, int maxRetries, int failureThreshold) {
        return client(baseUrl, requestTimeout, deadline, maxRetries, failureThreshold);
    }

    private FinchApi client(String url, Duration requestTimeout, Duration deadline, int maxRetries,
            int failureThreshold) {
        return new FinchApi(new FinchSettings(url, "finch-sim-client", "finch-sim-secret", Duration.ofSeconds(2),
                requestTimeout, deadline, maxRetries, Duration.ofMillis(50), Duration.ofMillis(200), failureThreshold,
                Duration.ofMillis(300)), json, clock);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static FinchException failure(Uni<?> uni) {
        return assertThrows(FinchException.class, () -> uni.await().atMost(WAIT));
    }

    private static CreateConnectSession session(String customerId, String redirectUri) {
        return new CreateConnectSession(customerId, "Employer " + customerId, null, List.of("company", "directory"),
                null, null, 60, redirectUri, null);
    }

    @Test
    void connectsExchangesIntrospectsAndReauthenticates() {
        String customer = uniqueCustomer("api");
        CreatedSession session = await(finch.createConnectSession(session(customer, null)));
        assertTrue(session.connectUrl().endsWith("/finch-sim/authorize?session=" + session.sessionId()));

        TokenExchange token = await(finch.exchangeCode(complete(session.sessionId()), null));
        assertEquals("bearer", token.tokenType());
        assertEquals(customer, token.customerId());
        assertNotNull(token.accountId());
        assertNotNull(token.companyId());
        assertEquals(1, token.entityIds().size());

        Introspection introspection = await(finch.introspect(token.accessToken()));
        assertEquals(token.connectionId(), introspection.connectionId());
        assertEquals("connected", introspection.connectionStatus().status());
        assertEquals(token.accountId(), introspection.accountId());
        assertEquals("oauth", introspection.authenticationMethods().get(0).type());
        assertEquals(customer, introspection.customerId());

        CreatedSession reauth = await(finch.reauthenticate(
                new ReauthenticateSession(token.connectionId(), 60, null, null)));
        TokenExchange renewed = await(finch.exchangeCode(complete(reauth.sessionId()), null));
        assertEquals(token.connectionId(), renewed.connectionId());
        assertNotEquals(token.accessToken(), renewed.accessToken());
    }

    @Test
    void sendsTheApiVersionAndEachEndpointsAuthentication() {
        long before = FinchSimTestSupport.lastRequestSeq();
        String customer = uniqueCustomer("headers");
        CreatedSession session = await(finch.createConnectSession(session(customer, null)));
        TokenExchange token = await(finch.exchangeCode(complete(session.sessionId()), null));
        await(finch.introspect(token.accessToken()));
        List<Map<String, Object>> requests = FinchSimTestSupport.requestsSince(before, "/");
        Map<String, Object> create = find(requests, "/connect/sessions");
        Map<String, Object> exchange = find(requests, "/auth/token");
        Map<String, Object> introspect = find(requests, "/introspect");
        for (Map<String, Object> request : List.of(create, exchange, introspect)) {
            assertEquals("2020-09-17", request.get("api_version"), request.toString());
        }
        assertEquals("Basic", create.get("auth_scheme"));
        assertNull(exchange.get("auth_scheme"), "credentials go in the body of /auth/token");
        assertEquals("Bearer", introspect.get("auth_scheme"));
    }

    @Test
    void anAlreadyConnectedCustomerIsATypedErrorNamingTheConnection() {
        String customer = uniqueCustomer("exists");
        String sessionId = await(finch.createConnectSession(session(customer, null))).sessionId();
        TokenExchange token = await(finch.exchangeCode(complete(sessionId), null));

        FinchException error = failure(finch.createConnectSession(session(customer, null)));
        assertTrue(error.isConnectionAlreadyExists());
        assertEquals(token.connectionId(), error.existingConnectionId());
        assertEquals(FinchException.Kind.REJECTED, error.kind());
        assertEquals(400, error.httpStatus());
        assertEquals(400, error.code());
        assertEquals("bad_request", error.name());
        assertNotNull(error.requestId());
        assertTrue(error.getMessage().contains("Finch-Request-Id " + error.requestId()));
    }

    @Test
    void aRefusedCodeIsAnInvalidGrantThatNeverQuotesTheCodeOrSecret() {
        String code = UUID.randomUUID().toString();
        FinchException error = failure(finch.exchangeCode(code, null));
        assertTrue(error.isInvalidGrant());
        assertEquals(FinchException.Kind.REJECTED, error.kind());
        assertEquals("invalid_grant_error", error.finchCodeOrName());
        assertFalse(error.getMessage().contains(code));
        assertFalse(error.getMessage().contains("finch-sim-secret"));
    }

    @Test
    void theRedirectUriIsSentOnlyWhenGiven() {
        String sessionId = await(finch.createConnectSession(session(uniqueCustomer("redirect"),
                "https://app.example.com/cb"))).sessionId();
        String code = complete(sessionId);
        assertTrue(failure(finch.exchangeCode(code, null)).isInvalidGrant());
        assertNotNull(await(finch.exchangeCode(code, "https://app.example.com/cb")).accessToken());
    }

    @Test
    void validationAndUnknownConnectionsAreTyped() {
        FinchException invalid = failure(finch.createConnectSession(new CreateConnectSession("x", "X", null,
                List.of("not-a-product"), null, null, null, null, null)));
        assertEquals("invalid_request", invalid.finchCode());
        assertEquals(FinchException.Kind.REJECTED, invalid.kind());

        FinchException unknown = failure(finch.reauthenticate(new ReauthenticateSession("nope", null, null, null)));
        assertEquals(FinchException.Kind.NOT_FOUND, unknown.kind());
        assertEquals("item_not_found", unknown.finchCode());
    }

    @Test
    void aBadTokenIsUnauthorizedAndNeverQuoted() {
        String token = "bad-" + UUID.randomUUID();
        FinchException error = failure(finch.introspect(token));
        assertEquals(FinchException.Kind.UNAUTHORIZED, error.kind());
        assertFalse(error.getMessage().contains(token));
    }

    @Test
    void aConnectionNeedingReauthenticationSaysSo() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        FinchSimTestSupport.bearer(connection.accessToken()).body(Map.of("connection_status", "reauth"))
                .put("/finch-sim/sandbox/connections/accounts").then().statusCode(200);
        FinchException error = failure(finch.createJob(connection.accessToken(), "data_sync_all"));
        assertTrue(error.isReauthenticateUser());
        assertEquals(FinchException.Kind.UNAUTHORIZED, error.kind());
    }

    @Test
    void disconnectEndsTheToken() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        await(finch.disconnect(connection.accessToken()));
        assertEquals(FinchException.Kind.UNAUTHORIZED, failure(finch.introspect(connection.accessToken())).kind());
    }

    @Test
    void jobsAreCreatedFoundListedAndTheQuotaIsReturnedNotWaitedFor() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        FinchSimTestSupport.jobDuration(connection.connectionId(), Duration.ofMinutes(1));
        JobCreation created = await(finch.createJob(connection.accessToken(), "data_sync_all"));
        assertFalse(created.alreadyQueued());
        assertEquals(1, created.allowedRefreshes());
        assertEquals(0, created.remainingRefreshes());
        JobCreation queued = await(finch.createJob(connection.accessToken(), "data_sync_all"));
        assertTrue(queued.alreadyQueued());
        assertEquals(created.jobId(), queued.jobId());

        FinchJob job = await(finch.getJob(connection.accessToken(), created.jobId()));
        assertEquals("pending", job.status());
        assertEquals("data_sync_all", job.type());
        assertNotNull(job.createdAt());
        JobList list = await(finch.listJobs(connection.accessToken(), 10, 0));
        assertEquals(created.jobId(), list.data().get(0).jobId());
        assertEquals(2, list.data().size(), "the forced job and the next scheduled sync");
        assertEquals(0, list.meta().path("quotas").path("data_sync_all").path("remaining_refreshes").asInt(-1));

        given().post("/finch-sim/_sim/connections/" + connection.connectionId() + "/jobs/finish")
                .then().statusCode(200);
        long before = FinchSimTestSupport.lastRequestSeq();
        FinchException quota = failure(finch.createJob(connection.accessToken(), "data_sync_all"));
        assertTrue(quota.isJobQuotaExceeded());
        assertEquals(FinchException.Kind.JOB_QUOTA_EXCEEDED, quota.kind());
        assertEquals(job.createdAt().plus(Duration.ofHours(1)), quota.retryAt());
        assertEquals(1, FinchSimTestSupport.requestsSince(before, "/jobs/automated").size(), "asked once, not retried");

        assertEquals(FinchException.Kind.NOT_FOUND, failure(finch.getJob(connection.accessToken(), "nope")).kind());
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 503, "count", 2,
                "access_token", connection.accessToken()));
        Introspection introspection = await(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10)
                .introspect(connection.accessToken()));
        assertEquals(connection.connectionId(), introspection.connectionId());
        assertEquals(2, fault(faultId).get("hits"));
    }

    @Test
    void aRateLimitIsRetriedNoSoonerThanRetryAfter() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        long before = FinchSimTestSupport.lastRequestSeq();
        addFault(Map.of("path_prefix", "/introspect", "status", 429, "retry_after", "1", "count", 1,
                "access_token", connection.accessToken()));
        await(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10).introspect(connection.accessToken()));
        List<Map<String, Object>> attempts = FinchSimTestSupport.requestsSince(before, "/introspect");
        assertEquals(2, attempts.size());
        Duration gap = Duration.between(Instant.parse((String) attempts.get(0).get("received_at")),
                Instant.parse((String) attempts.get(1).get("received_at")));
        assertTrue(gap.compareTo(Duration.ofMillis(950)) >= 0, "waited " + gap);
    }

    @Test
    void retryAfterMsIsHonouredToo() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        long before = FinchSimTestSupport.lastRequestSeq();
        addFault(Map.of("path_prefix", "/introspect", "status", 503, "retry_after_ms", 400, "count", 1,
                "access_token", connection.accessToken()));
        await(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10).introspect(connection.accessToken()));
        List<Map<String, Object>> attempts = FinchSimTestSupport.requestsSince(before, "/introspect");
        Duration gap = Duration.between(Instant.parse((String) attempts.get(0).get("received_at")),
                Instant.parse((String) attempts.get(1).get("received_at")));
        assertTrue(gap.compareTo(Duration.ofMillis(380)) >= 0, "waited " + gap);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnceWithTheRateLimit() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 429, "retry_after", 30, "count", 5,
                "access_token", connection.accessToken()));
        FinchException error = failure(client(Duration.ofSeconds(5), Duration.ofSeconds(5), 2, 10)
                .introspect(connection.accessToken()));
        assertTrue(error.isRateLimited());
        assertEquals(Duration.ofSeconds(30), error.retryAfter());
        assertEquals("finch_application_rl", error.finchCode());
        assertEquals(1, fault(faultId).get("hits"));
    }

    @Test
    void retriesStopAfterTheConfiguredNumber() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 502, "count", -1,
                "access_token", connection.accessToken()));
        FinchException error = failure(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10)
                .introspect(connection.accessToken()));
        assertEquals(FinchException.Kind.UNAVAILABLE, error.kind());
        assertEquals(502, error.httpStatus());
        assertEquals("bad_gateway_error", error.name());
        assertEquals(3, fault(faultId).get("hits"));
    }

    @Test
    void otherClientErrorsAreNeverRetried() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 403, "count", 5,
                "finch_code", "insufficient_account_permissions", "access_token", connection.accessToken()));
        FinchException error = failure(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10)
                .introspect(connection.accessToken()));
        assertEquals(FinchException.Kind.REJECTED, error.kind());
        assertEquals("insufficient_account_permissions", error.finchCode());
        assertEquals(1, fault(faultId).get("hits"));
    }

    @Test
    void theCodeExchangeIsNeverRetriedOnceItReachedFinch() {
        String code = complete(await(finch.createConnectSession(session(uniqueCustomer("once"), null))).sessionId());
        String faultId = addFault(Map.of("path_prefix", "/auth/token", "status", 503, "count", 2));
        FinchException error = failure(client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10)
                .exchangeCode(code, null));
        assertEquals(503, error.httpStatus());
        assertEquals(1, fault(faultId).get("hits"));
        FinchSimTestSupport.clearFaults();
        assertNotNull(await(finch.exchangeCode(code, null)).accessToken(), "the code was not spent");
    }

    @Test
    void aSlowFinchTimesOut() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "delay_ms", 3000, "count", -1,
                "access_token", connection.accessToken()));
        FinchException error = failure(client(Duration.ofMillis(300), Duration.ofSeconds(20), 0, 10)
                .introspect(connection.accessToken()));
        assertTrue(error.isTimeout());
        assertEquals(0, error.httpStatus());
        assertEquals(1, fault(faultId).get("hits"));
    }

    @Test
    void timeoutsAreRetriedButNeverPastTheDeadline() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "delay_ms", 3000, "count", -1,
                "access_token", connection.accessToken()));
        FinchException error = failure(client(Duration.ofMillis(400), Duration.ofMillis(700), 5, 10)
                .introspect(connection.accessToken()));
        assertTrue(error.isTimeout());
        int hits = (Integer) fault(faultId).get("hits");
        assertTrue(hits >= 1 && hits <= 2, "attempts within 700 ms of 400 ms each: " + hits);
    }

    @Test
    void anUnreachableFinchIsUnavailableWithoutStatus() {
        int closedPort = TestInfrastructure.freePort();
        FinchException error = failure(client("http://localhost:" + closedPort + "/finch-sim", Duration.ofSeconds(2),
                Duration.ofSeconds(10), 1, 10).introspect("token"));
        assertEquals(FinchException.Kind.UNAVAILABLE, error.kind());
        assertEquals(0, error.httpStatus());
        assertTrue(error.requestNotSent());
    }

    @Test
    void theCircuitOpensOnAnOutageAndClosesWhenFinchAnswersAgain() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 503, "count", -1,
                "access_token", connection.accessToken()));
        FinchApi guarded = client(Duration.ofSeconds(5), Duration.ofSeconds(20), 0, 2);
        assertEquals(503, failure(guarded.introspect(connection.accessToken())).httpStatus());
        assertEquals(503, failure(guarded.introspect(connection.accessToken())).httpStatus());
        FinchException open = failure(guarded.introspect(connection.accessToken()));
        assertTrue(open.isCircuitOpen());
        assertEquals(FinchException.Kind.UNAVAILABLE, open.kind());
        assertEquals(2, fault(faultId).get("hits"), "an open circuit sends nothing");

        FinchSimTestSupport.clearFaults();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> await(guarded.introspect(connection.accessToken())) != null);
        assertNotNull(await(guarded.introspect(connection.accessToken())));
    }

    @Test
    void theAnswerArrivesOnTheCallersVertxContextEvenAfterARetryWait() throws Exception {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        addFault(Map.of("path_prefix", "/introspect", "status", 503, "count", 1,
                "access_token", connection.accessToken()));
        FinchApi api = client(Duration.ofSeconds(5), Duration.ofSeconds(20), 2, 10);
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
        context.runOnContext(ignored -> api.introspect(connection.accessToken()).subscribe().with(
                introspection -> sameContext.complete(Vertx.currentContext() == context),
                sameContext::completeExceptionally));
        assertTrue(sameContext.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aDeadlineCanBeNarrowedPerCall() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        addFault(Map.of("path_prefix", "/introspect", "delay_ms", 3000, "count", -1,
                "access_token", connection.accessToken()));
        assertTrue(failure(finch.withDeadline(Duration.ofMillis(300)).introspect(connection.accessToken())).isTimeout());
    }

    @Test
    void theDecisionToRetryFollowsTheRules() {
        FinchCall exchange = FinchCall.singleShot("POST /auth/token", List.of(), () -> null);
        FinchCall introspect = FinchCall.retryable("GET /introspect", List.of(), () -> null);
        FinchException refused = FinchException.builder(FinchException.Kind.UNAVAILABLE, "x").requestNotSent().build();
        FinchException serverError = FinchException.builder(FinchException.Kind.UNAVAILABLE, "x").httpStatus(500).build();
        FinchException timeout = FinchException.builder(FinchException.Kind.TIMEOUT, "x").build();
        FinchException conflict = FinchException.builder(FinchException.Kind.REJECTED, "x").httpStatus(409).build();
        FinchException badRequest = FinchException.builder(FinchException.Kind.REJECTED, "x").httpStatus(400).build();
        assertTrue(FinchCallExecutor.mayRetry(exchange, refused));
        assertFalse(FinchCallExecutor.mayRetry(exchange, serverError));
        assertFalse(FinchCallExecutor.mayRetry(exchange, timeout));
        assertTrue(FinchCallExecutor.mayRetry(introspect, serverError));
        assertTrue(FinchCallExecutor.mayRetry(introspect, timeout));
        assertTrue(FinchCallExecutor.mayRetry(introspect, conflict));
        assertFalse(FinchCallExecutor.mayRetry(introspect, badRequest));
    }

    private static Map<String, Object> find(List<Map<String, Object>> requests, String path) {
        return requests.stream().filter(request -> path.equals(request.get("path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no request to " + path + " in " + requests));
    }
}
