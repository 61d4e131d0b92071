package com.acme.finchconnections.webhook;

import static com.acme.finchconnections.webhook.SignedWebhooks.DEV_SECRET;
import static com.acme.finchconnections.webhook.SignedWebhooks.PATH;
import static com.acme.finchconnections.webhook.SignedWebhooks.accountUpdated;
import static com.acme.finchconnections.webhook.SignedWebhooks.newEventId;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** POST /webhooks/finch against the real broker: what is published, and that nothing is when a delivery is refused. */
@QuarkusTest
class FinchWebhookIngestionTest {

    /** The second entry of %test.finch.webhook.secrets: a secret being rotated in. */
    static final String ROTATED_SECRET = "5hBEDaqj1MsWmxd9mn3RCXpgCbkqyiVUwjvaqNfB9fo=";
    static final int MAX_BODY_SIZE = 256 * 1024;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void validWebhookIsPublishedOnceKeyedByConnectionWithTheBodyByteForByte() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        long timestamp = now();
        // Odd spacing, key order and non-ASCII text: a re-serialized body would differ from what Finch signed.
        String body = "{ \"data\" : {\"status\":\"reauth\", \"note\": \"café ✓\"},\n  \"event_type\":\"account.updated\","
                + "\"connection_id\":\"" + connectionId + "\", \"account_id\":\"acc-1\",\"company_id\":\"co-1\","
                + "\"entity_id\":\"ent-1\" }";

        SignedWebhooks.post(eventId, body, timestamp, DEV_SECRET).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = WebhookTopic.recordsFor(eventId);
        assertThat(records, hasSize(1));
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(connectionId, record.key());
        for (Header header : record.headers()) {
            assertTrue(!header.key().toLowerCase().startsWith("finch"), "no delivery header copied: " + header.key());
        }
        JsonNode value = WebhookTopic.value(record);
        List<String> fields = new ArrayList<>();
        value.fieldNames().forEachRemaining(fields::add);
        assertThat(fields, containsInAnyOrder("event_id", "event_type", "connection_id", "account_id", "company_id",
                "entity_id", "finch_timestamp", "received_at", "payload"));
        assertEquals(eventId, value.get("event_id").asText());
        assertEquals("account.updated", value.get("event_type").asText());
        assertEquals(connectionId, value.get("connection_id").asText());
        assertEquals("acc-1", value.get("account_id").asText());
        assertEquals("co-1", value.get("company_id").asText());
        assertEquals("ent-1", value.get("entity_id").asText());
        assertEquals(Instant.ofEpochSecond(timestamp), Instant.parse(value.get("finch_timestamp").asText()));
        assertThat(Instant.parse(value.get("received_at").asText()), notNullValue());
        assertEquals(body, value.get("payload").asText());
        assertWrittenAsTheObjectMapperWritesTheEnvelope(record);
    }

    @Test
    void envelopeEscapesThePayloadExactlyAsTheObjectMapperDoes() {
        String eventId = newEventId();
        // Everything a JSON string escapes or passes through: quotes, backslashes, whitespace between tokens,
        // escapes inside strings, 2-, 3- and 4-byte characters (U+2028 is legal raw in JSON text).
        String body = "{\"event_type\":\"directory.updated\",\r\n\t\"connection_id\":\"" + UUID.randomUUID()
                + "\",\"text\":\"say \\\"hi\\\" \\\\ \\n \\u0001 é \u2028 ✓ \uD83D\uDE00 </script>\"}";

        SignedWebhooks.post(eventId, body).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = WebhookTopic.recordsFor(eventId);
        assertThat(records, hasSize(1));
        assertEquals(body, WebhookTopic.value(records.get(0)).get("payload").asText());
        assertWrittenAsTheObjectMapperWritesTheEnvelope(records.get(0));
    }

    @Test
    void webhookWithoutConnectionIdIsKeyedByAccountId() {
        String eventId = newEventId();
        String accountId = UUID.randomUUID().toString();
        String body = "{\"event_type\":\"company.updated\",\"account_id\":\"" + accountId + "\",\"data\":null}";

        SignedWebhooks.post(eventId, body).then().statusCode(200);

        List<ConsumerRecord<String, String>> records = WebhookTopic.recordsFor(eventId);
        assertThat(records, hasSize(1));
        assertEquals(accountId, records.get(0).key());
        assertTrue(WebhookTopic.value(records.get(0)).get("connection_id").isNull());
    }

    @Test
    void unknownEventTypeAndTestEventAreAcceptedAndPublished() {
        for (String eventType : List.of("something.finch.adds.later", "test")) {
            String eventId = newEventId();
            String body = "{\"event_type\":\"" + eventType + "\",\"connection_id\":\"" + UUID.randomUUID() + "\"}";

            SignedWebhooks.post(eventId, body).then().statusCode(200);

            List<ConsumerRecord<String, String>> records = WebhookTopic.recordsFor(eventId);
            assertThat(eventType, records, hasSize(1));
            assertEquals(eventType, WebhookTopic.value(records.get(0)).get("event_type").asText());
        }
    }

    @Test
    void duplicateEventIdIsAcceptedEachTimeAndLeftToTheConsumerToApplyOnce() {
        String eventId = newEventId();
        String body = accountUpdated(UUID.randomUUID().toString(), "connected");

        SignedWebhooks.post(eventId, body).then().statusCode(200);
        SignedWebhooks.post(eventId, body).then().statusCode(200);

        assertThat(WebhookTopic.recordsFor(eventId), hasSize(2));
    }

    @Test
    void signatureMadeWithTheSecondConfiguredSecretVerifies() {
        String eventId = newEventId();

        SignedWebhooks.post(eventId, accountUpdated(UUID.randomUUID().toString(), "connected"), now(), ROTATED_SECRET)
                .then().statusCode(200);

        assertThat(WebhookTopic.recordsFor(eventId), hasSize(1));
    }

    @Test
    void badSignatureIsRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        String body = accountUpdated(connectionId, "connected");
        String otherSecret = "c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";

        SignedWebhooks.post(eventId, body, now(), otherSecret)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Finch-Signature")
                .body("type", equalTo("urn:finch-connections:problem:invalid-webhook-signature"))
                .body("reason", equalTo("invalid_signature"))
                .body("detail", notNullValue());
        // Signed correctly, then changed on the way.
        SignedWebhooks.request(eventId, body.getBytes(StandardCharsets.UTF_8), now(), DEV_SECRET)
                .body(body.replace("connected", "reauth"))
                .post(PATH)
                .then().statusCode(401).body("reason", equalTo("invalid_signature"));

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void staleTimestampIsRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();

        SignedWebhooks.post(eventId, accountUpdated(connectionId, "reauth"), now() - 400, DEV_SECRET)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("reason", equalTo("timestamp_out_of_range"));

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void futureTimestampIsRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();

        SignedWebhooks.post(eventId, accountUpdated(connectionId, "reauth"), now() + 400, DEV_SECRET)
                .then().statusCode(401)
                .body("reason", equalTo("timestamp_out_of_range"));

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void missingHeadersAreRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        String body = accountUpdated(connectionId, "reauth");
        long timestamp = now();
        String signature = SignedWebhooks.signature(DEV_SECRET, eventId, timestamp, body.getBytes(StandardCharsets.UTF_8));

        given().contentType("application/json").body(body)
                .header("Finch-Timestamp", Long.toString(timestamp)).header("Finch-Signature", signature)
                .post(PATH).then().statusCode(401).body("reason", equalTo("missing_headers"));
        given().contentType("application/json").body(body)
                .header("Finch-Event-Id", eventId).header("Finch-Signature", signature)
                .post(PATH).then().statusCode(401).body("reason", equalTo("missing_headers"));
        given().contentType("application/json").body(body)
                .header("Finch-Event-Id", eventId).header("Finch-Timestamp", Long.toString(timestamp))
                .post(PATH).then().statusCode(401).body("reason", equalTo("missing_headers"));
        given().contentType("application/json").body(body)
                .header("Finch-Event-Id", eventId).header("Finch-Timestamp", "soon").header("Finch-Signature", signature)
                .post(PATH).then().statusCode(401).body("reason", equalTo("malformed_timestamp"));

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        String eventId = newEventId();
        String body = accountUpdated(UUID.randomUUID().toString(), "connected");
        long timestamp = now();

        given().contentType("application/json").body(body)
                .header("finch-event-id", eventId)
                .header("FINCH-TIMESTAMP", Long.toString(timestamp))
                .header("fInCh-SiGnAtUrE", SignedWebhooks.signature(DEV_SECRET, eventId, timestamp,
                        body.getBytes(StandardCharsets.UTF_8)))
                .post(PATH).then().statusCode(200);

        assertThat(WebhookTopic.recordsFor(eventId), hasSize(1));
    }

    @Test
    void bodyThatIsNotAJsonObjectIsRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        List<String> bodies = List.of(
                "connection_id=" + connectionId,
                "[\"" + connectionId + "\"]",
                "{\"connection_id\":\"" + connectionId + "\"",
                "{\"connection_id\":\"" + connectionId + "\"} {}",
                "");

        for (String body : bodies) {
            SignedWebhooks.post(eventId, body)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:finch-connections:problem:malformed-webhook"));
        }
        byte[] notUtf8 = ("{\"connection_id\":\"" + connectionId + "\",\"x\":\"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1);
        SignedWebhooks.request(eventId, notUtf8, now(), DEV_SECRET).post(PATH).then().statusCode(400);
        // What a lenient or auto-detecting byte parser would let through: an overlong '/', an encoded surrogate,
        // a code point past U+10FFFF, a byte-order mark, and zero bytes (read as UTF-16 by encoding detection).
        String valid = "{\"connection_id\":\"" + connectionId + "\",\"x\":\"@\"}";
        for (byte[] bad : List.of(
                withBytesInsteadOfAt(valid, 0xC0, 0xAF),
                withBytesInsteadOfAt(valid, 0xED, 0xA0, 0x80),
                withBytesInsteadOfAt(valid, 0xF4, 0x90, 0x80, 0x80),
                concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, valid.getBytes(StandardCharsets.UTF_8)),
                "{}".getBytes(StandardCharsets.UTF_16LE))) {
            SignedWebhooks.request(eventId, bad, now(), DEV_SECRET).post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:finch-connections:problem:malformed-webhook"));
        }

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void bodyOverTheLimitWithContentLengthIsRejectedAndNothingIsPublished() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        String body = oversizeBody(connectionId);

        SignedWebhooks.post(eventId, body)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:payload-too-large"))
                .body("status", equalTo(413));

        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void chunkedBodyOverTheLimitIsRejectedAndNothingIsPublished() throws IOException {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();
        byte[] body = oversizeBody(connectionId).getBytes(StandardCharsets.UTF_8);
        long timestamp = now();

        String response = postChunked(eventId, timestamp, SignedWebhooks.signature(DEV_SECRET, eventId, timestamp, body),
                body);

        assertThat(response, startsWith("HTTP/1.1 413"));
        assertThat(response, containsString("payload-too-large"));
        assertNothingPublished(eventId, connectionId);
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String eventId = newEventId();
        String start = "{\"event_type\":\"directory.updated\",\"connection_id\":\"" + UUID.randomUUID() + "\",\"pad\":\"";
        String body = start + "x".repeat(MAX_BODY_SIZE - start.length() - 2) + "\"}";
        assertEquals(MAX_BODY_SIZE, body.length());

        SignedWebhooks.post(eventId, body).then().statusCode(200);

        assertThat(WebhookTopic.recordsFor(eventId), hasSize(1));
    }

    @Test
    void acceptedAndRejectedDeliveriesAreCounted() {
        SignedWebhooks.post(newEventId(), accountUpdated(UUID.randomUUID().toString(), "connected")).then().statusCode(200);
        SignedWebhooks.post(newEventId(), "{}", now(), "c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=")
                .then().statusCode(401);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics, containsString("finch_webhooks_accepted_total"));
        assertThat(metrics, containsString("finch_webhooks_rejected_total{reason=\"invalid_signature\"}"));
        assertThat(metrics, containsString("finch_webhooks_publish_failures_total"));
    }

    @Test
    void webhookSignedAndDeliveredByTheFinchSimulatorLandsOnTheTopicAsSent() {
        String connectionId = UUID.randomUUID().toString();
        String eventId = newEventId();

        String sentBody = simulatorDelivers(connectionId, eventId);

        ConsumerRecord<String, String> record = awaitOneRecord(eventId);
        assertEquals(connectionId, record.key());
        assertEquals(sentBody, WebhookTopic.value(record).get("payload").asText());
        assertEquals("account.updated", WebhookTopic.value(record).get("event_type").asText());
    }

    @Test
    void deliveriesStayAcceptedWhenTheSimulatorRotatesToTheSecondConfiguredSecret() {
        try {
            given().contentType("application/json").body(Map.of("secret", ROTATED_SECRET))
                    .post("/finch-sim/_sim/webhook-secret/rotate").then().statusCode(200);
            // Only the new secret signs from here on, as after Finch's 24-hour overlap.
            given().delete("/finch-sim/_sim/webhook-secret/previous").then().statusCode(204);
            String eventId = newEventId();

            simulatorDelivers(UUID.randomUUID().toString(), eventId);

            awaitOneRecord(eventId);
        } finally {
            given().post("/finch-sim/_sim/webhook-secret/reset").then().statusCode(204);
        }
    }

    @Test
    void otherMethodsAreRefusedWith405() {
        given().get(PATH)
                .then().statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", "POST")
                .body("type", equalTo("urn:finch-connections:problem:method-not-allowed"));
    }

    @Test
    void openApiDescribesTheWebhookRouteWithoutApiKey() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/webhooks/finch'.post.responses.keySet()",
                        containsInAnyOrder("200", "400", "401", "413", "503"))
                .body("paths.'/webhooks/finch'.post.security", empty());
    }

    /**
     * A valid event for the same connection (so the same partition) is sent after the refused one; once it is on
     * the topic, anything the refused delivery had published, even late, would already be there before it.
     */
    private static void assertNothingPublished(String refusedEventId, String connectionId) {
        String sentinel = newEventId();
        SignedWebhooks.post(sentinel, accountUpdated(connectionId, "connected")).then().statusCode(200);
        assertThat(WebhookTopic.recordsFor(sentinel), hasSize(1));
        assertThat(WebhookTopic.recordsFor(refusedEventId), empty());
    }

    /**
     * The value is written without the ObjectMapper (WebhookEnvelopeWriter); read back into the envelope and
     * written by the application's mapper it must give the very same bytes, so the format cannot drift from what
     * the consumer (ReceivedWebhook) reads.
     */
    private void assertWrittenAsTheObjectMapperWritesTheEnvelope(ConsumerRecord<String, String> record) {
        try {
            WebhookEnvelope envelope = objectMapper.readValue(record.value(), WebhookEnvelope.class);
            assertEquals(objectMapper.writeValueAsString(envelope), record.value());
            assertEquals(envelope.key(), record.key());
        } catch (IOException e) {
            throw new AssertionError("record value is not an envelope: " + record.value(), e);
        }
    }

    private static byte[] withBytesInsteadOfAt(String text, int... replacement) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf('@');
        byte[] bytes = new byte[replacement.length];
        for (int i = 0; i < replacement.length; i++) {
            bytes[i] = (byte) replacement[i];
        }
        return concat(concat(Arrays.copyOfRange(raw, 0, at), bytes), Arrays.copyOfRange(raw, at + 1, raw.length));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    /** Asks the simulator to sign and deliver an account.updated event; returns the body it sent. */
    private static String simulatorDelivers(String connectionId, String eventId) {
        return given().contentType("application/json")
                .body(Map.of("event_type", "account.updated", "event_id", eventId,
                        "data", Map.of("status", "reauth", "authentication_method", Map.of("type", "credential"))))
                .post("/finch-sim/_sim/connections/{connectionId}/webhooks", connectionId)
                .then().statusCode(202)
                .extract().path("deliveries[0].body");
    }

    /** The simulator delivers asynchronously, after answering its control call. */
    private static ConsumerRecord<String, String> awaitOneRecord(String eventId) {
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> WebhookTopic.recordsFor(eventId), found -> !found.isEmpty());
        assertThat(records, hasSize(1));
        return records.get(0);
    }

    private static String oversizeBody(String connectionId) {
        String start = "{\"event_type\":\"directory.updated\",\"connection_id\":\"" + connectionId + "\",\"pad\":\"";
        return start + "x".repeat(MAX_BODY_SIZE) + "\"}";
    }

    /** Raw HTTP/1.1 with Transfer-Encoding: chunked (no Content-Length), which common clients make awkward. */
    private String postChunked(String eventId, long timestamp, String signature, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nFinch-Event-Id: " + eventId + "\r\nFinch-Timestamp: " + timestamp
                    + "\r\nFinch-Signature: " + signature + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length; offset += 8192) {
                    byte[] chunk = Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 8192));
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refusedWhileSending) {
                // The server may answer and close before the whole body is sent; its answer is still readable.
            }
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        try {
            while ((read = in.read(buffer)) != -1) {
                response.write(buffer, 0, read);
                String text = response.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.contains("}")) {
                    break;
                }
            }
        } catch (IOException closed) {
            // keep what arrived
        }
        return response.toString(StandardCharsets.UTF_8);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
