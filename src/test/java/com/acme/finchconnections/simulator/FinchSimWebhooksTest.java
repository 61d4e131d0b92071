package com.acme.finchconnections.simulator;

import static com.acme.finchconnections.simulator.FinchSimTestSupport.addFault;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.bearer;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.fault;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.sandboxConnection;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.signedWith;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.sinkUrl;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Webhooks on demand (signed like Finch, duplicated, delayed, reordered, retried), secret rotation, faults. */
@QuarkusTest
class FinchSimWebhooksTest {

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void restore() {
        FinchSimTestSupport.clearFaults();
        given().post("/finch-sim/_sim/webhook-secret/reset").then().statusCode(204);
    }

    @Test
    void aSimWebhookIsSignedAndDeliveredLikeFinch() throws Exception {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String sink = "one-" + UUID.randomUUID();
        given().contentType("application/json")
                .body(Map.of("event_type", "account.updated", "url", sinkUrl(sink),
                        "data", Map.of("status", "connected", "authentication_method", "credential")))
                .post("/finch-sim/_sim/connections/" + connection.connectionId() + "/webhooks")
                .then().statusCode(202).body("deliveries.size()", equalTo(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> !WebhookSinkResource.received(sink).isEmpty());
        WebhookSinkResource.Received delivery = WebhookSinkResource.received(sink).get(0);
        assertTrue(delivery.header("finch-event-id").matches("msg_[0-9A-Za-z]{27}"));
        long timestamp = Long.parseLong(delivery.header("finch-timestamp"));
        assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) < 60);
        assertTrue(delivery.header("content-type").startsWith("application/json"));
        assertTrue(signedWith(FinchSimTestSupport.WEBHOOK_SECRET, delivery.header("finch-event-id"),
                delivery.header("finch-timestamp"), delivery.body(), delivery.header("finch-signature")));
        JsonNode body = json.readTree(delivery.body());
        assertEquals(List.of("account_id", "company_id", "connection_id", "event_type", "data"),
                fieldNames(body));
        assertEquals(connection.accountId(), body.get("account_id").asText());
        assertEquals("credential", body.get("data").get("authentication_method").asText());
    }

    @Test
    void aBatchCanBeDuplicatedAndReordered() throws Exception {
        String sink = "batch-" + UUID.randomUUID();
        Response sent = given().contentType("application/json")
                .body(Map.of("events", List.of(
                                Map.of("event_type", "directory.created", "data", Map.of("individual_id", "i1")),
                                Map.of("event_type", "directory.updated", "data", Map.of("individual_id", "i1"),
                                        "entity_id", "entity-7")),
                        "duplicate", 1, "order", "reverse", "delay_ms", 50, "url", sinkUrl(sink)))
                .post("/finch-sim/_sim/connections/conn-unknown-to-the-simulator/webhooks");
        sent.then().statusCode(202).body("deliveries.size()", equalTo(4));

        await().atMost(Duration.ofSeconds(10)).until(() -> WebhookSinkResource.received(sink).size() == 4);
        List<WebhookSinkResource.Received> received = WebhookSinkResource.received(sink);
        List<String> types = received.stream().map(delivery -> eventType(delivery.body())).toList();
        assertEquals(List.of("directory.updated", "directory.updated", "directory.created", "directory.created"), types);
        assertEquals(received.get(0).header("finch-event-id"), received.get(1).header("finch-event-id"));
        assertEquals(received.get(2).header("finch-event-id"), received.get(3).header("finch-event-id"));
        JsonNode updated = json.readTree(received.get(0).body());
        assertEquals("entity-7", updated.get("entity_id").asText());
        assertFalse(updated.has("account_id"), "an unknown connection has no account id to fill in");
    }

    @Test
    void aFailedDeliveryIsRetriedOnFinchsScheduleUntilAccepted() {
        String sink = "retry-" + UUID.randomUUID();
        WebhookSinkResource.failNext(sink, 2);
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        FinchSimTestSupport.routeWebhooksToSink(connection.connectionId(), sink);
        given().contentType("application/json").body(Map.of("event_type", "company.updated"))
                .post("/finch-sim/_sim/connections/" + connection.connectionId() + "/webhooks")
                .then().statusCode(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> WebhookSinkResource.accepted(sink).size() == 1);
        List<WebhookSinkResource.Received> attempts = WebhookSinkResource.received(sink);
        assertEquals(3, attempts.size());
        assertEquals(attempts.get(0).header("finch-event-id"), attempts.get(2).header("finch-event-id"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .get("/finch-sim/_sim/connections/" + connection.connectionId() + "/webhooks")
                .then().body("data[0].attempts", equalTo(3))
                .body("data[0].last_status", equalTo(200))
                .body("data[0].delivered_at", notNullValue()));
    }

    @Test
    void signOnlyReturnsTheHeadersWithoutDelivering() {
        Response signed = given().contentType("application/json")
                .body(Map.of("event_type", "test", "deliver", false, "timestamp", 1676312382L,
                        "event_id", "msg_fixed"))
                .post("/finch-sim/_sim/connections/conn-x/webhooks");
        signed.then().statusCode(200)
                .body("deliveries[0].headers.finch-event-id", equalTo("msg_fixed"))
                .body("deliveries[0].headers.finch-timestamp", equalTo("1676312382"));
        String body = signed.path("deliveries[0].body");
        assertTrue(signedWith(FinchSimTestSupport.WEBHOOK_SECRET, "msg_fixed", "1676312382", body,
                signed.path("deliveries[0].headers.finch-signature")));
        given().get("/finch-sim/_sim/connections/conn-x/webhooks").then().body("data.size()", equalTo(0));
    }

    @Test
    void duringARotationEveryWebhookCarriesBothSignatures() {
        String newSecret = "c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
        given().contentType("application/json").body(Map.of("secret", newSecret))
                .post("/finch-sim/_sim/webhook-secret/rotate")
                .then().statusCode(200).body("secret", equalTo(newSecret));
        Response signed = given().contentType("application/json").body(Map.of("event_type", "test", "deliver", false))
                .post("/finch-sim/_sim/connections/conn-rotation/webhooks");
        String header = signed.path("deliveries[0].headers.finch-signature");
        String eventId = signed.path("deliveries[0].headers.finch-event-id");
        String timestamp = signed.path("deliveries[0].headers.finch-timestamp");
        String body = signed.path("deliveries[0].body");
        assertEquals(2, header.split(" ").length);
        assertTrue(signedWith(newSecret, eventId, timestamp, body, header));
        assertTrue(signedWith(FinchSimTestSupport.WEBHOOK_SECRET, eventId, timestamp, body, header));

        given().delete("/finch-sim/_sim/webhook-secret/previous").then().statusCode(204);
        String after = given().contentType("application/json").body(Map.of("event_type", "test", "deliver", false))
                .post("/finch-sim/_sim/connections/conn-rotation/webhooks").path("deliveries[0].headers.finch-signature");
        assertEquals(1, after.split(" ").length);
    }

    @Test
    void anInjectedFaultAnswersLikeFinchForItsCountOnly() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String faultId = addFault(Map.of("path_prefix", "/introspect", "status", 429, "retry_after", 7, "count", 1,
                "access_token", connection.accessToken()));
        sandboxConnection(null); // another connection's calls are not affected
        bearer(connection.accessToken()).get("/finch-sim/introspect")
                .then().statusCode(429)
                .header("Retry-After", "7")
                .header("Finch-Request-Id", notNullValue())
                .body("name", equalTo("rate_limit_exceeded_error"))
                .body("finch_code", equalTo("finch_application_rl"));
        bearer(connection.accessToken()).get("/finch-sim/introspect").then().statusCode(200);
        assertEquals(1, fault(faultId).get("hits"));
        assertEquals(0, fault(faultId).get("remaining"));
    }

    @Test
    void aSlowFaultDelaysTheAnswer() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        addFault(Map.of("path_prefix", "/introspect", "delay_ms", 300, "access_token", connection.accessToken()));
        long started = System.nanoTime();
        bearer(connection.accessToken()).get("/finch-sim/introspect").then().statusCode(200);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300);
    }

    @Test
    void faultsNeedAStatusOrADelay() {
        given().contentType("application/json").body(Map.of("path_prefix", "/introspect"))
                .post("/finch-sim/_sim/faults").then().statusCode(400);
    }

    @Test
    void theRequestLogShowsTheApiVersionAndAuthSchemeButNoCredential() {
        long before = FinchSimTestSupport.lastRequestSeq();
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        bearer(connection.accessToken()).header("Finch-API-Version", "2020-09-17").get("/finch-sim/introspect");
        List<Map<String, Object>> requests = FinchSimTestSupport.requestsSince(before, "/introspect");
        assertEquals(1, requests.size());
        assertEquals("2020-09-17", requests.get(0).get("api_version"));
        assertEquals("Bearer", requests.get(0).get("auth_scheme"));
        assertFalse(requests.toString().contains(connection.accessToken()));
    }

    private String eventType(String body) {
        try {
            return json.readTree(body).get("event_type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
