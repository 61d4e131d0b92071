package com.acme.finchconnections.session;

import static com.acme.finchconnections.session.ConnectFlows.API_KEY;
import static com.acme.finchconnections.session.ConnectFlows.completeInFinch;
import static com.acme.finchconnections.session.ConnectFlows.createSession;
import static com.acme.finchconnections.session.ConnectFlows.exchange;
import static com.acme.finchconnections.session.ConnectFlows.history;
import static com.acme.finchconnections.session.ConnectFlows.newSession;
import static com.acme.finchconnections.session.ConnectFlows.session;
import static com.acme.finchconnections.session.ConnectFlows.sessionBody;
import static com.acme.finchconnections.session.ConnectFlows.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class SessionProgressTest {

    @Inject
    PgPool database;

    private final Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void stagesMoveTheSessionAndTimeInEachStageIsMeasured() {
        String sessionId = newSession(uniqueCustomer("progress"));
        event(sessionId, "opened", 0).then().statusCode(202);
        event(sessionId, "provider_selected", 10, "provider_id", "gusto", "auth_method", "credential")
                .then().statusCode(202);
        event(sessionId, "terms_viewed", 15).then().statusCode(202);
        event(sessionId, "terms_accepted", 45).then().statusCode(202);
        event(sessionId, "credentials_submitted", 50).then().statusCode(202);

        session(sessionId).then().statusCode(200)
                .body("status", equalTo("opened"))
                .body("current_stage", equalTo("credentials_submitted"))
                .body("provider_id", equalTo("gusto"))
                .body("opened_at", equalTo(at(0).toString()))
                .body("time_in_stage_seconds.opened", equalTo(10.0f))
                .body("time_in_stage_seconds.provider_selected", equalTo(5.0f))
                .body("time_in_stage_seconds.terms_viewed", equalTo(30.0f))
                .body("time_in_stage_seconds.terms_accepted", equalTo(5.0f))
                .body("time_in_stage_seconds", not(org.hamcrest.Matchers.hasKey("credentials_submitted")))
                .body("stages.stage", org.hamcrest.Matchers.contains("opened", "provider_selected", "terms_viewed",
                        "terms_accepted", "credentials_submitted"))
                .body("stages[4].entered_at", equalTo(at(50).toString()))
                .body("stages[4].seconds", nullValue());
    }

    @Test
    void eventsArrivingOutOfOrderAreReplayedInTheirOwnOrder() {
        String sessionId = newSession(uniqueCustomer("out-of-order"));
        event(sessionId, "terms_viewed", 20).then().statusCode(202);
        event(sessionId, "opened", 0).then().statusCode(202);

        session(sessionId).then()
                .body("current_stage", equalTo("terms_viewed"))
                .body("time_in_stage_seconds.opened", equalTo(20.0f));
    }

    @Test
    void repeatedEventIdIsStoredOnce() {
        String sessionId = newSession(uniqueCustomer("idempotent"));
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            post(sessionId, Map.of("event_id", eventId, "type", "opened", "occurred_at", at(0).toString()))
                    .then().statusCode(202);
        }
        List<String> ids = history(sessionId).then().statusCode(200).extract().path("data.details.event_id");
        assertEquals(1, ids.stream().filter(eventId::equals).count());
    }

    @Test
    void eventForUnknownSessionIsNotFound() {
        post("no-such-session-" + UUID.randomUUID(), Map.of("type", "opened"))
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void invalidEventListsEveryViolation() {
        String sessionId = newSession(uniqueCustomer("invalid-event"));
        post(sessionId, Map.of("type", "danced", "occurred_at", "yesterday", "event_id", "x".repeat(201)))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("type", "occurred_at", "event_id"));
        post(sessionId, Map.of("occurred_at", Instant.now().plus(Duration.ofDays(1)).toString()))
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("type", "occurred_at"));
        session(sessionId).then().body("status", equalTo("created"));
    }

    @Test
    void errorMarksTheSessionFailedAndALaterSuccessStillCompletesIt() {
        String sessionId = newSession(uniqueCustomer("retry"));
        event(sessionId, "opened", 0);
        event(sessionId, "credentials_submitted", 5);
        event(sessionId, "error", 7, "error_message", "Invalid credentials", "error_type", "validation_error");
        session(sessionId).then()
                .body("status", equalTo("failed"))
                .body("error_message", equalTo("Invalid credentials"));

        event(sessionId, "credentials_submitted", 20);
        session(sessionId).then().body("status", equalTo("opened"));
        event(sessionId, "success", 30);
        session(sessionId).then()
                .body("status", equalTo("completed"))
                .body("current_stage", equalTo("success"))
                .body("completed_at", equalTo(at(30).toString()))
                .body("time_in_stage_seconds.credentials_submitted", equalTo(12.0f))
                .body("time_in_stage_seconds.error", equalTo(13.0f));
    }

    @Test
    void eventsAfterCompletionAreRecordedButDoNotMoveTheSessionBack() {
        String sessionId = newSession(uniqueCustomer("after-completion"));
        event(sessionId, "opened", 0);
        event(sessionId, "success", 10);
        event(sessionId, "closed", 20).then().statusCode(202);
        event(sessionId, "error", 25, "error_message", "late").then().statusCode(202);

        session(sessionId).then()
                .body("status", equalTo("completed"))
                .body("current_stage", equalTo("success"));
        List<String> types = history(sessionId).then().extract().path("data.type");
        assertThat(types, hasItem("closed"));
        assertThat(types, hasItem("error"));
    }

    @Test
    void sessionPastItsExpiryBecomesExpiredAndTheCustomerGetsANewSession() {
        String customer = uniqueCustomer("expiring");
        String first = newSession(customer);
        event(first, "opened", 0);
        database.preparedQuery("update connect_session set expires_at = now() - interval '1 second' "
                + "where session_id = $1").execute(Tuple.of(first)).await().indefinitely();
        database.preparedQuery("update sim_session set expires_at = now() - interval '1 second' "
                + "where session_id = $1").execute(Tuple.of(first)).await().indefinitely();

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> session(first).then()
                .body("status", equalTo("expired")));
        assertThat(history(first).then().extract().path("data.type"), hasItem("session_expired"));

        // A late event is kept, but the session stays expired.
        event(first, "provider_selected", 5).then().statusCode(202);
        session(first).then().body("status", equalTo("expired"));

        String second = createSession(sessionBody(customer)).then().statusCode(201).extract().path("session_id");
        assertNotEquals(first, second);
        session(second).then().body("status", equalTo("created"));
    }

    @Test
    void historyHasTheSimulatorsStagesTheServicesOwnEventsAndConnectionStatusChanges() {
        String sessionId = newSession(uniqueCustomer("timeline"));
        String code = completeInFinch(sessionId);
        String connectionId = exchange(code, sessionId).then().statusCode(201).extract().path("connection_id");

        List<Map<String, Object>> all = history(sessionId).then().statusCode(200).extract().path("data");
        List<Object> types = all.stream().map(entry -> entry.get("type")).toList();
        assertEquals(List.of("session_created", "opened", "provider_selected", "terms_viewed", "terms_accepted",
                "credentials_submitted", "success", "connection_status_changed", "code_exchanged"), types);
        @SuppressWarnings("unchecked")
        Map<String, Object> change = (Map<String, Object>) all.get(types.indexOf("connection_status_changed"))
                .get("details");
        assertEquals(connectionId, change.get("connection_id"));
        assertEquals("connected", change.get("status"));
        session(sessionId).then()
                .body("status", equalTo("completed"))
                .body("current_stage", equalTo("success"))
                .body("connection_id", equalTo(connectionId));

        assertEquals(types, typesPageByPage(sessionId, 2));
    }

    private List<Object> typesPageByPage(String sessionId, int limit) {
        List<Object> types = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(API_KEY).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/connect/sessions/{id}/history", sessionId)
                    .then().statusCode(200).extract().jsonPath();
            types.addAll(page.getList("data.type"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return types;
    }

    private Instant at(long seconds) {
        return start.plusSeconds(seconds);
    }

    private Response event(String sessionId, String type, long secondsAfterStart, String... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("event_id", UUID.randomUUID().toString());
        body.put("type", type);
        body.put("occurred_at", at(secondsAfterStart).toString());
        for (int i = 0; i + 1 < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        Response response = post(sessionId, body);
        response.then().statusCode(202);
        return response;
    }

    static Response post(String sessionId, Object body) {
        return given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/connect/sessions/{id}/events", sessionId);
    }
}
