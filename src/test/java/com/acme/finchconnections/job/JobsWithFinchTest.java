package com.acme.finchconnections.job;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.acme.finchconnections.common.crypto.SealedToken;
import com.acme.finchconnections.common.crypto.TokenCipher;
import com.acme.finchconnections.testing.TestInfrastructure;
import com.acme.finchconnections.webhook.WebhookEnvelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Jobs against the Finch simulator: forcing a sync, the quota, and job webhooks read back from Finch. */
@QuarkusTest
class JobsWithFinchTest {

    static final String API_KEY = "fc_dev_local_api_key";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    PgPool database;

    @Inject
    TokenCipher cipher;

    record SandboxConnection(String connectionId, String accessToken) {
    }

    @Test
    void forcedSyncIsRecordedAndASpentQuotaIsTooManyRequestsWithRetryAt() {
        SandboxConnection sandbox = connectedSandbox();

        String jobId = given().auth().oauth2(API_KEY).contentType("application/json")
                .body("{\"type\": \"data_sync_all\"}")
                .when().post("/api/v1/connections/{id}/jobs", sandbox.connectionId())
                .then().statusCode(202)
                .body("job_id", notNullValue())
                .body("type", equalTo("data_sync_all"))
                .extract().path("job_id");
        assertThat(scalar("select connection_id from job where job_id = $1", jobId), equalTo(sandbox.connectionId()));
        given().auth().oauth2(API_KEY).when().get("/api/v1/connections/{id}/jobs", sandbox.connectionId())
                .then().statusCode(200).body("data[0].job_id", equalTo(jobId));

        // Once it ran, the hour's one forced refresh is spent.
        awaitFinchJobStatus(sandbox, jobId, "complete");
        given().auth().oauth2(API_KEY).contentType("application/json").body("{\"type\": \"data_sync_all\"}")
                .when().post("/api/v1/connections/{id}/jobs", sandbox.connectionId())
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:finch-connections:problem:job-quota-exceeded"))
                .body("retry_at", notNullValue());
    }

    @Test
    void jobCompletedEventRecordsFinchsFinalStatusLastSyncAndNextSync() throws Exception {
        SandboxConnection sandbox = connectedSandbox();
        String jobId = given().auth().oauth2(API_KEY).contentType("application/json")
                .body("{\"type\": \"data_sync_all\"}")
                .when().post("/api/v1/connections/{id}/jobs", sandbox.connectionId())
                .then().statusCode(202).extract().path("job_id");
        awaitFinchJobStatus(sandbox, jobId, "complete");

        String eventId = "msg-" + UUID.randomUUID();
        publishJobCompleted(eventId, sandbox.connectionId(), jobId);

        await().atMost(PATIENCE).until(() -> "applied".equals(
                scalar("select state from webhook_inbox where event_id = $1", eventId)));
        Row job = database.preparedQuery("select status, completed_at from job where job_id = $1")
                .execute(Tuple.of(jobId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(job.getString("status"), equalTo("complete"));
        Row connection = database.preparedQuery(
                "select last_successful_sync_at, next_sync_at, next_sync_checked_at from connection "
                        + "where connection_id = $1")
                .execute(Tuple.of(sandbox.connectionId())).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(connection.getOffsetDateTime("last_successful_sync_at"),
                equalTo(job.getOffsetDateTime("completed_at")));
        // The simulator schedules a connection's daily sync: Finch's next scheduled data_sync_all.
        assertThat(connection.getOffsetDateTime("next_sync_at"), notNullValue());
        assertThat(connection.getOffsetDateTime("next_sync_checked_at"), notNullValue());
    }

    private void publishJobCompleted(String eventId, String connectionId, String jobId) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode().put("event_type", "job.data_sync_all.completed")
                .put("connection_id", connectionId);
        body.set("data", json.createObjectNode().put("job_id", jobId).put("job_url", "https://x/jobs/" + jobId));
        ObjectNode envelope = json.createObjectNode()
                .put("event_id", eventId)
                .put("event_type", "job.data_sync_all.completed")
                .put("connection_id", connectionId)
                .put("finch_timestamp", OffsetDateTime.now().toString())
                .put("received_at", OffsetDateTime.now().toString())
                .put("payload", body.toString());
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(WebhookEnvelope.TOPIC, connectionId, envelope.toString()))
                    .get();
        }
    }

    /** A simulator sandbox connection, stored here as a code exchange would have stored it. */
    private SandboxConnection connectedSandbox() {
        Response response = given().auth().preemptive().basic("finch-sim-client", "finch-sim-secret")
                .contentType("application/json").body(Map.of("provider_id", "gusto"))
                .when().post("/finch-sim/sandbox/connections");
        response.then().statusCode(200);
        SandboxConnection sandbox = new SandboxConnection(response.path("connection_id"),
                response.path("access_token"));
        database.preparedQuery("""
                insert into connection (connection_id, customer_id, provider_id, status, status_observed_at,
                    status_updated_at, created_at, updated_at)
                values ($1, $1, 'gusto', 'connected', now(), now(), now(), now())""")
                .execute(Tuple.of(sandbox.connectionId())).await().atMost(Duration.ofSeconds(10));
        SealedToken sealed = cipher.seal(sandbox.accessToken());
        database.preparedQuery("""
                insert into access_token (token_id, connection_id, key_id, ciphertext, fingerprint, source, created_at)
                values ($1, $2, $3, $4, $5, 'exchange', now())""")
                .execute(Tuple.of(UUID.randomUUID(), sandbox.connectionId(), sealed.keyId(),
                        io.vertx.core.buffer.Buffer.buffer(sealed.ciphertext()),
                        io.vertx.core.buffer.Buffer.buffer(TokenCipher.fingerprint(sandbox.accessToken()))))
                .await().atMost(Duration.ofSeconds(10));
        return sandbox;
    }

    private void awaitFinchJobStatus(SandboxConnection sandbox, String jobId, String status) {
        await().atMost(PATIENCE).until(() -> status.equals(given().auth().oauth2(sandbox.accessToken())
                .when().get("/finch-sim/jobs/automated/{id}", jobId)
                .then().statusCode(200).extract().path("status")));
    }

    private String scalar(String sql, String parameter) {
        var rows = database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : String.valueOf(rows.iterator().next().getValue(0));
    }
}
