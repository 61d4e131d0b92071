package com.acme.finchconnections.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.acme.finchconnections.webhook.WebhookSignature.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The signature check on its own, with a fixed clock, against the vectors computed with Finch's SDK. */
class WebhookSignatureTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final String SDK_SECRET = "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    private static final long SDK_NOW = 1676312382L;
    private static final String SDK_EVENT_ID = "msg_2Lh9KRb0pzN4LePd3XiA4v12Axj";
    private static final String SDK_BODY = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\"}";
    private static final String SDK_SIGNATURE = "v1,m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=";

    @TestFactory
    Stream<DynamicTest> everyOfficialVectorVerifiesOrFailsAsLabelled() throws IOException {
        return vectors().stream().map(vector -> DynamicTest.dynamicTest(vector.path("name").asText(), () -> {
            WebhookSignature signature = signature(List.of(vector.path("secret").asText()), vector.path("now").asLong());
            JsonNode headers = vector.path("headers");
            Verdict verdict = signature.verify(headers.path("finch-event-id").asText(),
                    headers.path("finch-timestamp").asText(), headers.path("finch-signature").asText(),
                    vector.path("body").asText().getBytes(StandardCharsets.UTF_8));
            assertEquals(vector.path("valid").asBoolean(), verdict == Verdict.VALID,
                    vector.path("why").asText() + " (verdict " + verdict + ")");
        }));
    }

    @Test
    void vectorsCoverValidAndInvalidCases() throws IOException {
        List<JsonNode> vectors = vectors();
        assertTrue(vectors.stream().anyMatch(v -> v.path("valid").asBoolean()));
        assertTrue(vectors.stream().anyMatch(v -> !v.path("valid").asBoolean()));
        assertTrue(vectors.size() >= 13, "all vectors read");
    }

    @Test
    void rejectionsSayWhy() {
        WebhookSignature signature = signature(List.of(SDK_SECRET), SDK_NOW);
        byte[] body = SDK_BODY.getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.MISSING_HEADERS, signature.verify(null, "1676312382", SDK_SIGNATURE, body));
        assertEquals(Verdict.MISSING_HEADERS, signature.verify(SDK_EVENT_ID, "", SDK_SIGNATURE, body));
        assertEquals(Verdict.MISSING_HEADERS, signature.verify(SDK_EVENT_ID, "1676312382", null, body));
        assertEquals(Verdict.MALFORMED_TIMESTAMP, signature.verify(SDK_EVENT_ID, "nan", SDK_SIGNATURE, body));
        assertEquals(Verdict.MALFORMED_TIMESTAMP, signature.verify(SDK_EVENT_ID, "1676312382.5", SDK_SIGNATURE, body));
        assertEquals(Verdict.TIMESTAMP_OUT_OF_RANGE, signature.verify(SDK_EVENT_ID, "1676312081", SDK_SIGNATURE, body));
        assertEquals(Verdict.TIMESTAMP_OUT_OF_RANGE, signature.verify(SDK_EVENT_ID, "1676312683", SDK_SIGNATURE, body));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, signature.verify(SDK_EVENT_ID, "1676312382", "v1,", body));
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, signature.verify(SDK_EVENT_ID, "1676312382", "v1,%%%", body));
    }

    @Test
    void exactlyThreeHundredSecondsInTheFutureStillPasses() {
        WebhookSignature signature = signature(List.of(SDK_SECRET), SDK_NOW - 300);
        assertEquals(Verdict.VALID, signature.verify(SDK_EVENT_ID, Long.toString(SDK_NOW), SDK_SIGNATURE,
                SDK_BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anyConfiguredSecretVerifiesDuringRotation() {
        WebhookSignature signature = signature(List.of("c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=", SDK_SECRET),
                SDK_NOW);
        assertEquals(Verdict.VALID, signature.verify(SDK_EVENT_ID, "1676312382", SDK_SIGNATURE,
                SDK_BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whsecPrefixAndBlankEntriesAreTolerated() {
        WebhookSignature signature = signature(List.of(" ", "whsec_" + SDK_SECRET), SDK_NOW);
        assertEquals(Verdict.VALID, signature.verify(SDK_EVENT_ID, "1676312382", SDK_SIGNATURE,
                SDK_BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutSecretsNothingVerifies() {
        WebhookSignature signature = signature(List.of(), SDK_NOW);
        assertFalse(signature.hasSecrets());
        assertEquals(Verdict.NO_MATCHING_SIGNATURE, signature.verify(SDK_EVENT_ID, "1676312382", SDK_SIGNATURE,
                SDK_BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSecretThatIsNotBase64FailsWithoutShowingIt() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> signature(List.of(SDK_SECRET, "not base64!"), SDK_NOW));
        assertFalse(failure.getMessage().contains("not base64!"));
        assertTrue(failure.getMessage().contains("entry 2"));
    }

    @Test
    void theTestHelperSignsLikeFinch() {
        String header = SignedWebhooks.signature(SDK_SECRET, SDK_EVENT_ID, SDK_NOW,
                SDK_BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals(SDK_SIGNATURE, header);
    }

    private static WebhookSignature signature(List<String> secrets, long nowSeconds) {
        return WebhookSignature.of(secrets, TOLERANCE, Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC));
    }

    private static List<JsonNode> vectors() throws IOException {
        try (InputStream in = WebhookSignatureTest.class.getResourceAsStream("/webhook-vectors.json")) {
            List<JsonNode> vectors = new ArrayList<>();
            new ObjectMapper().readTree(in).path("vectors").forEach(vectors::add);
            return vectors;
        }
    }
}
