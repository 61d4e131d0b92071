package com.acme.finchconnections.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The whole path: the simulator signs and delivers, ingestion publishes, the processor applies. */
@QuarkusTest
class SimulatedFinchWebhookTest {

    @Inject
    PgPool database;

    @Test
    void webhookDeliveredByFinchChangesTheStatusOnceAndOffersAReauthenticateSession() throws Exception {
        Response sandbox = given().auth().preemptive().basic("finch-sim-client", "finch-sim-secret")
                .contentType("application/json").body(Map.of("provider_id", "gusto"))
                .when().post("/finch-sim/sandbox/connections");
        sandbox.then().statusCode(200);
        String connectionId = sandbox.path("connection_id");
        // Observed long ago: any webhook Finch sends now is newer.
        database.preparedQuery("""
                insert into connection (connection_id, customer_id, provider_id, status, status_observed_at,
                    status_updated_at, created_at, updated_at)
                values ($1, $1, 'gusto', 'connected', now() - interval '1 day', now(), now(), now())""")
                .execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(10));

        KafkaConsumer<String, String> statusTopic = WebhookTestSupport.consumer("connections.status.v1");
        given().contentType("application/json")
                .body(Map.of("event_type", "account.updated",
                        "data", Map.of("status", "reauth", "authentication_method", Map.of("type", "credential"))))
                .when().post("/finch-sim/_sim/connections/{id}/webhooks", connectionId)
                .then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "reauth".equals(database
                .preparedQuery("select status from connection where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0)));
        long applied = database.preparedQuery("select count(*) from connection_event where connection_id = $1 "
                + "and event_type = 'account.updated'").execute(Tuple.of(connectionId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(applied, equalTo(1L));
        given().auth().oauth2("fc_dev_local_api_key").when().get("/api/v1/connections/{id}", connectionId)
                .then().statusCode(200)
                .body("status", equalTo("reauth"))
                .body("authentication_methods.find { it.type == 'credential' }.status", equalTo("reauth"));

        // Smart re-auth: the published change links a reauthenticate session created at Finch.
        List<ConsumerRecord<String, String>> published;
        try (statusTopic) {
            published = WebhookTestSupport.records(statusTopic, connectionId, 1);
        }
        assertThat(published, hasSize(1));
        JsonNode reauthenticate = new ObjectMapper().readTree(published.get(0).value()).get("reauthenticate");
        String sessionId = reauthenticate.get("session_id").asText();
        assertThat(reauthenticate.get("connect_url").asText(), containsString(sessionId));
        given().auth().oauth2("fc_dev_local_api_key").when().get("/api/v1/connect/sessions/{id}", sessionId)
                .then().statusCode(200)
                .body("kind", equalTo("reauthenticate"))
                .body("connection_id", equalTo(connectionId));
    }
}
