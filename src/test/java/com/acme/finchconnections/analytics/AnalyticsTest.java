package com.acme.finchconnections.analytics;

import static com.acme.finchconnections.session.ConnectFlows.API_KEY;
import static com.acme.finchconnections.session.ConnectFlows.newSession;
import static com.acme.finchconnections.session.ConnectFlows.session;
import static com.acme.finchconnections.session.ConnectFlows.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class AnalyticsTest {

    @Inject
    PgPool database;

    private final Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

    /**
     * Five sessions for one provider: completed; dropped at the terms after opening them six times (then closed);
     * failed with an error; expired after choosing a provider; failed right after choosing a provider.
     */
    @Test
    void scriptedSessionsYieldTheExactFunnel() {
        String provider = "funnel-" + UUID.randomUUID();
        String from = Instant.now().minusSeconds(60).toString();

        String completed = newSession(uniqueCustomer("funnel-completed"));
        events(completed, provider, "opened", 0, "provider_selected", 10, "terms_viewed", 20, "terms_accepted", 50,
                "credentials_submitted", 60, "success", 90);

        String terms = newSession(uniqueCustomer("funnel-terms"));
        events(terms, provider, "opened", 0, "provider_selected", 5);
        for (int k = 0; k < 6; k++) {
            events(terms, provider, "terms_viewed", 10 + 20 * k, "terms_exited", 20 + 20 * k);
        }
        events(terms, provider, "closed", 130);

        String failed = newSession(uniqueCustomer("funnel-failed"));
        events(failed, provider, "opened", 0, "provider_selected", 4, "terms_viewed", 6, "terms_accepted", 16,
                "credentials_submitted", 20);
        error(failed, 30, "Invalid credentials");

        String expired = newSession(uniqueCustomer("funnel-expired"));
        events(expired, provider, "opened", 0, "provider_selected", 3);
        database.preparedQuery("update connect_session set expires_at = now() - interval '1 second' "
                + "where session_id = $1").execute(Tuple.of(expired)).await().indefinitely();

        String unavailable = newSession(uniqueCustomer("funnel-unavailable"));
        events(unavailable, provider, "opened", 0, "provider_selected", 2);
        error(unavailable, 12, "Provider unavailable");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> session(expired).then().body("status", equalTo("expired")));
        session(completed).then().body("status", equalTo("completed"));
        session(failed).then().body("status", equalTo("failed"));
        session(terms).then()
                .body("status", equalTo("closed"))
                .body("stages", hasSize(15))
                .body("time_in_stage_seconds.terms_viewed", equalTo(60.0f))
                .body("time_in_stage_seconds.terms_exited", equalTo(60.0f));

        given().auth().oauth2(API_KEY)
                .queryParam("from", from).queryParam("to", Instant.now().plusSeconds(60).toString())
                .queryParam("provider_id", provider)
                .when().get("/api/v1/analytics/auth-funnel")
                .then().statusCode(200)
                .body("sessions_started", equalTo(5))
                .body("sessions_completed", equalTo(1))
                .body("conversion_rate", equalTo(0.2f))
                .body("stages.stage", contains("opened", "provider_selected", "terms_viewed", "terms_accepted",
                        "terms_exited", "credentials_submitted", "mfa_requested", "account_selected", "error",
                        "closed", "success"))
                .body("stages.reached", contains(5, 5, 3, 2, 1, 2, 0, 0, 2, 1, 1))
                .body("stages.dropped", contains(0, 2, 0, 0, 1, 1, 0, 0, 0, 0, 0))
                .body("stages.median_seconds", contains(4.0f, 7.5f, 30.0f, 7.0f, 60.0f, 20.0f, null, null, null,
                        null, null))
                .body("top_errors.message", contains("Invalid credentials", "Provider unavailable"))
                .body("top_errors.count", contains(1, 1));
    }

    @Test
    void funnelRefusesAnInvertedOrMalformedWindow() {
        funnel(Map.of("from", "2025-02-01", "to", "2025-01-01")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains("from"));
        funnel(Map.of("from", "last week", "to", "2025-13-01")).then().statusCode(400)
                .body("violations.field", containsInAnyOrder("from", "to"));
    }

    @Test
    void funnelOfAnEmptyWindowIsAllZeros() {
        funnel(Map.of("from", "1901-01-01", "to", "1901-01-31")).then().statusCode(200)
                .body("sessions_started", equalTo(0))
                .body("conversion_rate", equalTo(0.0f))
                .body("stages", hasSize(11))
                .body("stages[0].median_seconds", nullValue())
                .body("top_errors", hasSize(0));
    }

    /** A month far in the past that no other test uses, with connections whose status history is scripted. */
    @Test
    void billableConnectionsAreThoseConnectedAtAnyTimeInTheMonth() {
        YearMonth month = YearMonth.of(ThreadLocalRandom.current().nextInt(1000, 1900),
                ThreadLocalRandom.current().nextInt(1, 13));
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String run = UUID.randomUUID().toString();

        String connectedAllMonth = connection(run, "1", start.minus(Duration.ofDays(10)),
                change(null, "connected", start.minus(Duration.ofDays(10))));
        connection(run, "2", start.minus(Duration.ofDays(10)),
                change(null, "connected", start.minus(Duration.ofDays(10))),
                change("connected", "disconnected", start.minus(Duration.ofDays(5))));
        String reconnected = connection(run, "3", start.minus(Duration.ofDays(20)),
                change(null, "connected", start.minus(Duration.ofDays(20))),
                change("connected", "reauth", start.minus(Duration.ofDays(10))),
                change("reauth", "connected", start.plus(Duration.ofDays(3))));
        String newInMonth = connection(run, "4", start.plus(Duration.ofDays(10)),
                change(null, "connected", start.plus(Duration.ofDays(10))),
                change("connected", "disconnected", start.plus(Duration.ofDays(12))));
        connection(run, "5", end.plus(Duration.ofDays(1)), change(null, "connected", end.plus(Duration.ofDays(1))));
        String lostOnDayOne = connection(run, "6", start.minus(Duration.ofDays(40)),
                change(null, "connected", start.minus(Duration.ofDays(40))),
                change("connected", "disconnected", start.plus(Duration.ofHours(1))));
        connection(run, "7", start.minus(Duration.ofDays(3)),
                change(null, "pending", start.minus(Duration.ofDays(3))),
                change("pending", "error_no_account_setup", start.plus(Duration.ofDays(2))));

        given().auth().oauth2(API_KEY).queryParam("month", month.toString())
                .when().get("/api/v1/analytics/billable-connections")
                .then().statusCode(200)
                .body("month", equalTo(month.toString()))
                .body("count", equalTo(4))
                .body("data.connection_id", contains(connectedAllMonth, reconnected, newInMonth, lostOnDayOne));

        // Paged, the same four.
        String cursor = given().auth().oauth2(API_KEY).queryParam("month", month.toString()).queryParam("limit", 3)
                .when().get("/api/v1/analytics/billable-connections")
                .then().statusCode(200).body("count", equalTo(4)).body("data", hasSize(3))
                .extract().path("next_cursor");
        given().auth().oauth2(API_KEY).queryParam("month", month.toString()).queryParam("cursor", cursor)
                .when().get("/api/v1/analytics/billable-connections")
                .then().statusCode(200).body("data.connection_id", contains(lostOnDayOne))
                .body("next_cursor", nullValue());
    }

    @Test
    void billableConnectionsRefuseAMalformedMonth() {
        for (String month : List.of("2025-13", "2025-1", "January")) {
            given().auth().oauth2(API_KEY).queryParam("month", month)
                    .when().get("/api/v1/analytics/billable-connections")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", contains("month"));
        }
    }

    private record Change(String previous, String status, Instant at) {
    }

    private static Change change(String previous, String status, Instant at) {
        return new Change(previous, status, at);
    }

    private String connection(String run, String label, Instant createdAt, Change... changes) {
        String connectionId = "billing-" + run + "-" + label;
        Change last = changes[changes.length - 1];
        database.preparedQuery("insert into connection (connection_id, customer_id, provider_id, status, "
                + "status_observed_at, status_updated_at, created_at, updated_at) values ($1, $2, 'gusto', $3, $4, $4, "
                + "$5, $4)")
                .execute(Tuple.of(connectionId, "customer-" + connectionId, last.status(), utc(last.at()),
                        utc(createdAt)))
                .await().indefinitely();
        for (Change change : changes) {
            database.preparedQuery("insert into connection_event (connection_id, event_type, cause, finch_timestamp, "
                    + "applied_at, previous_status, status, status_changed) values ($1, 'account.updated', 'webhook', "
                    + "$2, $2, $3, $4, true)")
                    .execute(Tuple.of(connectionId, utc(change.at()), change.previous(), change.status()))
                    .await().indefinitely();
        }
        return connectionId;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static io.restassured.response.Response funnel(Map<String, String> query) {
        return given().auth().oauth2(API_KEY).queryParams(query).when().get("/api/v1/analytics/auth-funnel");
    }

    private void error(String sessionId, long seconds, String message) {
        post(sessionId, Map.of("event_id", UUID.randomUUID().toString(), "type", "error", "occurred_at",
                base.plusSeconds(seconds).toString(), "error_message", message, "error_type", "validation_error"));
    }

    /** Alternating type and seconds after the base time; every event names the provider. */
    private void events(String sessionId, String provider, Object... typesAndSeconds) {
        for (int i = 0; i + 1 < typesAndSeconds.length; i += 2) {
            Map<String, Object> body = new HashMap<>();
            body.put("event_id", UUID.randomUUID().toString());
            body.put("type", typesAndSeconds[i]);
            body.put("occurred_at", base.plusSeconds(((Number) typesAndSeconds[i + 1]).longValue()).toString());
            body.put("provider_id", provider);
            post(sessionId, body);
        }
    }

    private static void post(String sessionId, Object body) {
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/connect/sessions/{id}/events", sessionId)
                .then().statusCode(202);
    }
}
