package com.acme.finchconnections.session;

import static com.acme.finchconnections.session.ConnectFlows.API_KEY;
import static com.acme.finchconnections.session.ConnectFlows.connectedCustomer;
import static com.acme.finchconnections.session.ConnectFlows.createSession;
import static com.acme.finchconnections.session.ConnectFlows.completeInFinch;
import static com.acme.finchconnections.session.ConnectFlows.finchFails;
import static com.acme.finchconnections.session.ConnectFlows.finchRequestMark;
import static com.acme.finchconnections.session.ConnectFlows.finchRequestsSince;
import static com.acme.finchconnections.session.ConnectFlows.finchRecovers;
import static com.acme.finchconnections.session.ConnectFlows.history;
import static com.acme.finchconnections.session.ConnectFlows.newSession;
import static com.acme.finchconnections.session.ConnectFlows.reauthenticate;
import static com.acme.finchconnections.session.ConnectFlows.session;
import static com.acme.finchconnections.session.ConnectFlows.sessionBody;
import static com.acme.finchconnections.session.ConnectFlows.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class ConnectSessionTest {

    @Inject
    PgPool database;

    @AfterEach
    void finchBackToNormal() {
        finchRecovers();
    }

    @Test
    void newCustomerGetsANewSessionThatExpiresWhenAsked() {
        String customerId = uniqueCustomer("new");
        Response created = createSession(sessionBody(customerId));
        created.then().statusCode(201)
                .body("session_id", notNullValue())
                .body("connect_url", notNullValue())
                .body("customer_id", equalTo(customerId))
                .body("kind", equalTo("connect"))
                .body("status", equalTo("created"));
        String sessionId = created.path("session_id");
        Response stored = session(sessionId);
        assertThat(stored.path("expires_at"), equalTo(created.path("expires_at")));
        assertThat(Duration.between(Instant.parse(stored.path("created_at")), Instant.parse(stored.path("expires_at"))),
                equalTo(Duration.ofMinutes(60)));

        session(sessionId).then().statusCode(200)
                .body("session_id", equalTo(sessionId))
                .body("kind", equalTo("connect"))
                .body("customer_id", equalTo(customerId))
                .body("products", contains("company", "directory", "payment"))
                .body("status", equalTo("created"))
                .body("minutes_to_expire", equalTo(60))
                .body("connection_id", nullValue())
                .body("time_in_stage_seconds", equalTo(Map.of()));
        history(sessionId).then().statusCode(200)
                .body("data.type", contains("session_created"))
                .body("data[0].details.source", equalTo("service"))
                .body("next_cursor", nullValue());
    }

    @Test
    void sessionWithoutMinutesToExpireGetsTheConfiguredDefault() {
        String customerId = uniqueCustomer("default-expiry");
        String sessionId = createSession(Map.of("customer_id", customerId, "customer_name", "Acme",
                "products", List.of("company"))).then().statusCode(201).extract().path("session_id");
        session(sessionId).then().body("minutes_to_expire", equalTo(129600));
    }

    @Test
    void sameCustomerBeforeConnectingGetsTheSameSessionRefreshed() {
        String customerId = uniqueCustomer("refresh");
        String sessionId = newSession(customerId);

        createSession(Map.of("customer_id", customerId, "customer_name", "Acme Renamed",
                "products", List.of("company", "pay_statement"), "minutes_to_expire", 120))
                .then().statusCode(200)
                .body("session_id", equalTo(sessionId))
                .body("status", equalTo("created"));

        session(sessionId).then()
                .body("customer_name", equalTo("Acme Renamed"))
                .body("products", contains("company", "pay_statement"))
                .body("minutes_to_expire", equalTo(120));
        history(sessionId).then().body("data.type", contains("session_created", "session_refreshed"));
        assertThat(sessionsOf(customerId), equalTo(1L));
    }

    @Test
    void twentyParallelCreatesForOneCustomerEndWithOneSession() throws Exception {
        String customerId = uniqueCustomer("parallel");
        int callers = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Response> create = () -> {
                    start.await();
                    return createSession(sessionBody(customerId));
                };
                answers.add(pool.submit(create));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new HashMap<>();
            List<String> sessionIds = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                sessionIds.add(response.path("session_id"));
            }
            assertThat(statuses, equalTo(Map.of(201, 1, 200, callers - 1)));
            assertThat(sessionIds.stream().distinct().count(), equalTo(1L));
            assertThat(sessionsOf(customerId), equalTo(1L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectedCustomerIsTurnedAwayWithoutAskingFinch() {
        String customerId = uniqueCustomer("connected");
        String connectionId = connectedCustomer(customerId);
        long mark = finchRequestMark();

        createSession(sessionBody(customerId)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("connection-already-exists"))
                .body("customer_id", equalTo(customerId))
                .body("connection_id", equalTo(connectionId))
                .body("reauthenticate", equalTo("/api/v1/connect/sessions/reauthenticate"));
        assertThat(finchRequestsSince(mark, "/connect/sessions"), equalTo(0));
    }

    @Test
    void customerConnectedOnlyAtFinchGetsConflictFromFinchsAnswer() {
        String customerId = uniqueCustomer("finch-connected");
        String sessionId = newSession(customerId);
        completeInFinch(sessionId); // connected at Finch; this service never exchanged the code

        createSession(sessionBody(customerId)).then().statusCode(409)
                .body("type", endsWith("connection-already-exists"))
                .body("customer_id", equalTo(customerId))
                .body("connection_id", notNullValue())
                .body("reauthenticate", equalTo("/api/v1/connect/sessions/reauthenticate"));
    }

    @Test
    void everyViolationIsListedAndNothingReachesFinch() {
        String customerId = "x".repeat(256);
        Map<String, Object> body = new HashMap<>();
        body.put("customer_id", customerId);
        body.put("customer_email", "not-an-email");
        body.put("products", List.of("company", "payroll", "deduction", "benefits"));
        body.put("integration", Map.of("auth_method", "password"));
        body.put("minutes_to_expire", 129601);
        body.put("redirect_uri", "not a uri");
        body.put("sandbox", "maybe");
        body.put("some_future_field", "ignored");
        long mark = finchRequestMark();

        createSession(body).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("validation-failed"))
                .body("violations.field", containsInAnyOrder("customer_id", "customer_name", "customer_email",
                        "products[1]", "products", "integration.provider", "integration.auth_method",
                        "minutes_to_expire", "redirect_uri", "sandbox"));
        assertThat(sessionsOf(customerId), equalTo(0L));
        assertThat(finchRequestsSince(mark, "/connect"), equalTo(0));
    }

    @Test
    void emptyProductsAndMinutesBelowOneAreRefused() {
        createSession(Map.of("customer_id", uniqueCustomer("empty"), "customer_name", "Acme",
                "products", List.of(), "minutes_to_expire", 0, "redirect_uri", "ftp://example.com/cb"))
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("products", "minutes_to_expire", "redirect_uri"));
    }

    @Test
    void missingBodyListsTheRequiredFields() {
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON)
                .when().post("/api/v1/connect/sessions")
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("customer_id", "customer_name", "products"));
    }

    @Test
    void olderBooleanSandboxIsReadAsFinchAndUnknownFieldsAreIgnored() {
        String customerId = uniqueCustomer("sandbox");
        Map<String, Object> body = new HashMap<>(sessionBody(customerId));
        body.put("sandbox", true);
        body.put("integration", Map.of("provider", "gusto", "auth_method", "credential"));
        body.put("redirect_uri", "https://app.example.com/finch/callback");
        body.put("not_a_finch_field", 42);
        String sessionId = createSession(body).then().statusCode(201).extract().path("session_id");

        session(sessionId).then()
                .body("sandbox", equalTo("finch"))
                .body("integration.provider", equalTo("gusto"))
                .body("integration.auth_method", equalTo("credential"))
                .body("redirect_uri", equalTo("https://app.example.com/finch/callback"));
    }

    @Test
    void finchDownIsBadGatewayAndNothingIsStored() {
        String customerId = uniqueCustomer("finch-down");
        finchFails("/connect/sessions", 503, 3);
        createSession(sessionBody(customerId)).then().statusCode(502)
                .contentType("application/problem+json");
        assertThat(sessionsOf(customerId), equalTo(0L));
    }

    @Test
    void finchRateLimitIsServiceUnavailableWithRetryAfterAndNothingIsStored() {
        String customerId = uniqueCustomer("rate-limited");
        finchFails("/connect/sessions", 429, 3);
        createSession(sessionBody(customerId)).then().statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json");
        assertThat(sessionsOf(customerId), equalTo(0L));
    }

    @Test
    void reauthenticationOfAKnownConnectionIsANewSession() {
        String customerId = uniqueCustomer("reauth");
        String connectionId = connectedCustomer(customerId);

        Response created = reauthenticate(Map.of("connection_id", connectionId, "minutes_to_expire", 30));
        created.then().statusCode(201)
                .body("session_id", notNullValue())
                .body("connect_url", notNullValue())
                .body("connection_id", equalTo(connectionId))
                .body("kind", equalTo("reauthenticate"))
                .body("status", equalTo("created"))
                .body("expires_at", notNullValue());
        session(created.path("session_id")).then()
                .body("kind", equalTo("reauthenticate"))
                .body("connection_id", equalTo(connectionId))
                .body("customer_id", equalTo(customerId))
                .body("products", contains("company", "directory", "payment"));
    }

    @Test
    void reauthenticationOfAnUnknownConnectionIsNotFoundWithoutAskingFinch() {
        long mark = finchRequestMark();
        reauthenticate(Map.of("connection_id", "no-such-connection-" + java.util.UUID.randomUUID()))
                .then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(finchRequestsSince(mark, "/connect"), equalTo(0));
    }

    @Test
    void reauthenticationIsValidated() {
        reauthenticate(Map.of("products", List.of("nope"), "minutes_to_expire", -1))
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("connection_id", "products[0]", "minutes_to_expire"));
    }

    @Test
    void unknownSessionIsNotFound() {
        session("sess_unknown").then().statusCode(404).contentType("application/problem+json");
        history("sess_unknown").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void historyPagesOldestFirst() {
        String customerId = uniqueCustomer("history");
        String sessionId = newSession(customerId);
        createSession(sessionBody(customerId)).then().statusCode(200);
        createSession(sessionBody(customerId)).then().statusCode(200);

        Response first = given().auth().oauth2(API_KEY).queryParam("limit", 2)
                .when().get("/api/v1/connect/sessions/{id}/history", sessionId);
        first.then().statusCode(200)
                .body("data.type", contains("session_created", "session_refreshed"))
                .body("next_cursor", notNullValue());
        given().auth().oauth2(API_KEY).queryParam("limit", 2).queryParam("cursor", (String) first.path("next_cursor"))
                .when().get("/api/v1/connect/sessions/{id}/history", sessionId)
                .then().statusCode(200)
                .body("data.type", contains("session_refreshed"))
                .body("next_cursor", nullValue());
    }

    @Test
    void openApiDescribesTheConnectAndConnectionEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connect/sessions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connect/sessions/reauthenticate"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connect/sessions/{session_id}/history"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connect/exchange"))
                .body("paths", org.hamcrest.Matchers.hasKey("/connect/callback"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connections/{connection_id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/connections/{connection_id}/events"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/admin/tokens/reseal"));
    }

    private long sessionsOf(String customerId) {
        return database.preparedQuery("select count(*) from connect_session where customer_id = $1")
                .execute(Tuple.of(customerId)).await().indefinitely()
                .iterator().next().getLong(0);
    }
}
