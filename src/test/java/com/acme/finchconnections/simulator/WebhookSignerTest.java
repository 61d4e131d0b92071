package com.acme.finchconnections.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's signer against the vectors computed with Finch's official SDK (webhook-vectors.json, copied
 * from shared/finch): every valid vector's signature is reproduced, and a verifier built the SDKs' way on top
 * of the signer classifies every vector as the SDK did.
 */
class WebhookSignerTest {

    @Test
    void reproducesTheSdkTestVector() {
        assertEquals("m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=", WebhookSigner.sign(
                "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", "msg_2Lh9KRb0pzN4LePd3XiA4v12Axj", 1676312382L,
                "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\"}"));
    }

    @Test
    void reproducesEveryValidVectorsSignature() throws Exception {
        for (JsonNode vector : vectors()) {
            if (!vector.get("valid").asBoolean()) {
                continue;
            }
            JsonNode headers = vector.get("headers");
            String signature = WebhookSigner.sign(vector.get("secret").asText(),
                    headers.get("finch-event-id").asText(), headers.get("finch-timestamp").asLong(),
                    vector.get("body").asText());
            assertTrue(v1Entries(headers.get("finch-signature").asText()).contains(signature),
                    vector.get("name").asText() + ": " + signature);
        }
    }

    @Test
    void classifiesEveryVectorAsTheSdkDoes() throws Exception {
        for (JsonNode vector : vectors()) {
            assertEquals(vector.get("valid").asBoolean(), verify(vector), vector.get("name").asText());
        }
    }

    @Test
    void duringRotationSignsWithBothSecretsNewestFirst() {
        String body = "{\"event_type\":\"test\"}";
        String header = WebhookSigner.header(List.of("c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=",
                "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"), "msg_x", 1676312382L, body);
        List<String> entries = Arrays.asList(header.split(" "));
        assertEquals(2, entries.size());
        assertEquals("v1," + WebhookSigner.sign("5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", "msg_x", 1676312382L, body),
                entries.get(1));
    }

    @Test
    void toleratesAWhsecPrefix() {
        assertEquals(WebhookSigner.sign("5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", "msg_x", 1L, "{}"),
                WebhookSigner.sign("whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", "msg_x", 1L, "{}"));
    }

    /** The SDKs' verification: integer timestamp within ±300 s of now, any matching v1 entry. */
    private static boolean verify(JsonNode vector) {
        JsonNode headers = vector.get("headers");
        long timestamp;
        try {
            timestamp = Long.parseLong(headers.get("finch-timestamp").asText());
        } catch (NumberFormatException notInteger) {
            return false;
        }
        if (Math.abs(vector.get("now").asLong() - timestamp) > 300) {
            return false;
        }
        String expected = WebhookSigner.sign(vector.get("secret").asText(), headers.get("finch-event-id").asText(),
                timestamp, vector.get("body").asText());
        return v1Entries(headers.get("finch-signature").asText()).contains(expected);
    }

    private static List<String> v1Entries(String header) {
        return Arrays.stream(header.split(" "))
                .filter(entry -> entry.startsWith("v1,"))
                .map(entry -> entry.substring(3))
                .toList();
    }

    private static JsonNode vectors() throws Exception {
        try (InputStream in = WebhookSignerTest.class.getResourceAsStream("/webhook-vectors.json")) {
            return new ObjectMapper().readTree(in).get("vectors");
        }
    }
}
