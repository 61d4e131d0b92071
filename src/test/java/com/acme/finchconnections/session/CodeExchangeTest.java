package com.acme.finchconnections.session;

import static com.acme.finchconnections.session.ConnectFlows.API_KEY;
import static com.acme.finchconnections.session.ConnectFlows.completeInFinch;
import static com.acme.finchconnections.session.ConnectFlows.connectedCustomer;
import static com.acme.finchconnections.session.ConnectFlows.connection;
import static com.acme.finchconnections.session.ConnectFlows.createSession;
import static com.acme.finchconnections.session.ConnectFlows.exchange;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.acme.finchconnections.connection.TokenVault;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class CodeExchangeTest {

    @Inject
    PgPool database;

    @Inject
    TokenVault vault;

    @Inject
    RegisteredConnections registered;

    @AfterEach
    void finchBackToNormal() {
        finchRecovers();
    }

    @Test
    void exchangeCreatesTheConnectionAndCompletesTheSession() {
        String customerId = uniqueCustomer("exchange");
        String sessionId = newSession(customerId);

        Response exchanged = exchange(completeInFinch(sessionId), sessionId);
        exchanged.then().statusCode(201)
                .body("connection_id", notNullValue())
                .body("customer_id", equalTo(customerId))
                .body("customer_name", equalTo("Acme " + customerId))
                .body("provider_id", equalTo("gusto"))
                .body("status", equalTo("connected"))
                .body("status_updated_at", notNullValue())
                .body("products.product", contains("company", "directory", "payment"))
                .body("products.status", contains("connected", "connected", "connected"))
                .body("product_groups.group", contains("organization", "payroll"))
                .body("authentication_methods.type", contains("credential"))
                .body("account_id", notNullValue())
                .body("company_id", notNullValue())
                .body("legacy_ids", hasSize(1))
                .body("tokens", hasSize(1))
                .body("tokens[0].source", equalTo("exchange"))
                .body("tokens[0].revoked_at", nullValue())
                .body("created_at", notNullValue());
        assertThat(exchanged.asString(), not(containsString("access_token")));
        String connectionId = exchanged.path("connection_id");

        session(sessionId).then()
                .body("status", equalTo("completed"))
                .body("connection_id", equalTo(connectionId))
                .body("completed_at", notNullValue());
        // The simulator's Connect walk also relays the employer's stages (source frontend); the service's own:
        history(sessionId).then().body("data.findAll { it.details.source == 'service' }.type",
                contains("session_created", "connection_status_changed", "code_exchanged"));
        given().auth().oauth2(API_KEY).when().get("/api/v1/connections/{id}/events", connectionId)
                .then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].cause", equalTo("exchange"))
                .body("data[0].previous_status", nullValue())
                .body("data[0].status", equalTo("connected"))
                .body("data[0].status_changed", equalTo(true));
        assertThat(count("select count(*) from outbox_message where topic = 'connections.status.v1' "
                + "and message_key = $1", connectionId), equalTo(1L));
        assertThat(registered.contains(connectionId), equalTo(true));
    }

    @Test
    void sameCodeAgainAnswersTheSameConnectionWithoutCallingFinch() {
        String sessionId = newSession(uniqueCustomer("twice"));
        String code = completeInFinch(sessionId);
        String connectionId = exchange(code, sessionId).then().statusCode(201).extract().path("connection_id");
        long mark = finchRequestMark();

        // Finch codes are single-use: had the service asked Finch again, Finch's refusal would make this a 400.
        exchange(code, sessionId).then().statusCode(200)
                .body("connection_id", equalTo(connectionId))
                .body("tokens", hasSize(1));
        exchange(code, null).then().statusCode(200).body("connection_id", equalTo(connectionId));
        assertThat(count("select count(*) from access_token where connection_id = $1", connectionId), equalTo(1L));
        assertThat(finchRequestsSince(mark, "/auth/token"), equalTo(0));
    }

    @Test
    void concurrentExchangesOfOneCodeMakeOneConnection() throws Exception {
        String sessionId = newSession(uniqueCustomer("concurrent-exchange"));
        String code = completeInFinch(sessionId);
        int callers = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return exchange(code, sessionId);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new HashMap<>();
            List<String> connectionIds = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                connectionIds.add(response.path("connection_id"));
            }
            assertThat(statuses, equalTo(Map.of(201, 1, 200, callers - 1)));
            assertThat(connectionIds.stream().distinct().count(), equalTo(1L));
            assertThat(count("select count(*) from access_token where connection_id = $1", connectionIds.get(0)),
                    equalTo(1L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void codeFinchRefusesIsBadRequestWithFinchsCodeAndRecordedOnTheSession() {
        String sessionId = newSession(uniqueCustomer("refused"));

        exchange("not-a-code-" + UUID.randomUUID(), sessionId).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("code-refused"))
                .body("finch_code", notNullValue());

        session(sessionId).then().body("status", equalTo("created")).body("connection_id", nullValue());
        history(sessionId).then()
                .body("data.type", contains("session_created", "exchange_failed"))
                .body("data[1].details.error_message", notNullValue())
                .body("data[1].details.source", equalTo("service"));
        assertThat(count("select count(*) from exchanged_code where session_id = $1", sessionId), equalTo(0L));
    }

    @Test
    void withoutSessionIdTheSessionIsFoundThroughTheCustomer() {
        String customerId = uniqueCustomer("by-customer");
        String sessionId = newSession(customerId);

        String connectionId = exchange(completeInFinch(sessionId), null).then().statusCode(201)
                .extract().path("connection_id");

        session(sessionId).then().body("status", equalTo("completed")).body("connection_id", equalTo(connectionId));
    }

    @Test
    void tokenIsStoredEncryptedAndNeverShown() throws Throwable {
        String connectionId = connectedCustomer(uniqueCustomer("sealed"));
        String token = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> vault.currentToken(connectionId))).orElseThrow();

        Row stored = database.preparedQuery("select key_id, ciphertext from access_token where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().indefinitely().iterator().next();
        byte[] ciphertext = stored.getBuffer("ciphertext").getBytes();
        assertThat(stored.getString("key_id"), equalTo("local-1"));
        assertThat(indexOf(ciphertext, token.getBytes(StandardCharsets.UTF_8)), equalTo(-1));
        String overview = connection(connectionId).then().statusCode(200).extract().asString();
        assertThat(overview, not(containsString(token)));
        assertThat(overview, not(containsString("access_token")));
    }

    @Test
    void reauthenticationExchangeReplacesTheTokenOfTheSameConnection() {
        String customerId = uniqueCustomer("reauth-exchange");
        String connectionId = connectedCustomer(customerId);
        String reauthSessionId = reauthenticate(Map.of("connection_id", connectionId))
                .then().statusCode(201).extract().path("session_id");

        Response exchanged = exchange(completeInFinch(reauthSessionId), reauthSessionId);
        exchanged.then().statusCode(201)
                .body("connection_id", equalTo(connectionId))
                .body("tokens", hasSize(2))
                .body("tokens[0].source", equalTo("reauthenticate"))
                .body("tokens[0].revoked_at", nullValue())
                .body("tokens[1].source", equalTo("exchange"))
                .body("tokens[1].revoked_at", notNullValue());
        session(reauthSessionId).then()
                .body("kind", equalTo("reauthenticate"))
                .body("status", equalTo("completed"));
        given().auth().oauth2(API_KEY).when().get("/api/v1/connections/{id}/events", connectionId)
                .then().body("data.cause", contains("reauthenticate", "exchange"));
    }

    @Test
    void finchDownDuringExchangeLeavesNothingAndTheCodeStillWorksLater() {
        String customerId = uniqueCustomer("exchange-down");
        String sessionId = newSession(customerId);
        String code = completeInFinch(sessionId);

        finchFails("/auth/token", 503, 1);
        exchange(code, sessionId).then().statusCode(502).contentType("application/problem+json");
        assertThat(count("select count(*) from connection where customer_id = $1", customerId), equalTo(0L));
        assertThat(count("select count(*) from exchanged_code where session_id = $1", sessionId), equalTo(0L));
        // Connect reported success (the employer finished), but no connection exists until an exchange works.
        session(sessionId).then().body("status", equalTo("completed")).body("connection_id", nullValue());

        finchRecovers();
        exchange(code, sessionId).then().statusCode(201);
    }

    @Test
    void invalidExchangeRequestListsEveryViolation() {
        given().auth().oauth2(API_KEY).contentType("application/json")
                .body(Map.of("session_id", "s".repeat(256), "redirect_uri", "nope"))
                .when().post("/api/v1/connect/exchange")
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("code", "session_id", "redirect_uri"));
    }

    @Test
    void callbackExchangesTheCodeAndRedirectsToTheSuccessPage() {
        String customerId = uniqueCustomer("callback");
        Map<String, Object> body = new HashMap<>(sessionBody(customerId));
        body.put("redirect_uri", "http://localhost/connect/callback");
        String sessionId = createSession(body).then().statusCode(201).extract().path("session_id");
        String code = completeInFinch(sessionId);

        String location = given().redirects().follow(false)
                .queryParam("code", code).queryParam("state", sessionId)
                .when().get("/connect/callback")
                .then().statusCode(303)
                .extract().header("Location");

        assertThat(location, containsString("/connect/success.html?connection_id="));
        session(sessionId).then().body("status", equalTo("completed"));
        assertThat(location, containsString((String) session(sessionId).path("connection_id")));
    }

    @Test
    void callbackWithARefusedCodeRedirectsToTheFailurePage() {
        String sessionId = newSession(uniqueCustomer("callback-refused"));

        given().redirects().follow(false)
                .queryParam("code", "not-a-code-" + UUID.randomUUID()).queryParam("state", sessionId)
                .when().get("/connect/callback")
                .then().statusCode(303)
                .header("Location", containsString("/connect/failure.html?error="));
        history(sessionId).then().body("data.type", hasItem("exchange_failed"));
    }

    private long count(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
