package com.acme.finchconnections.webhook;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Signs a webhook body the way Finch does and posts it to {@code /webhooks/finch}, for tests and benchmarks.
 * {@code SignedWebhooks.post(SignedWebhooks.newEventId(), body).then().statusCode(200)} is the whole use.
 */
public final class SignedWebhooks {

    /** The local/test webhook secret (application.properties, %dev and %test). */
    public static final String DEV_SECRET = "OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug=";
    public static final String PATH = "/webhooks/finch";

    private SignedWebhooks() {
    }

    public static String newEventId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A typical Finch event body: {@code account.updated} for one connection. */
    public static String accountUpdated(String connectionId, String status) {
        return "{\"event_type\":\"account.updated\",\"connection_id\":\"" + connectionId + "\","
                + "\"company_id\":\"" + UUID.randomUUID() + "\",\"account_id\":\"" + UUID.randomUUID() + "\","
                + "\"data\":{\"status\":\"" + status + "\",\"authentication_method\":{\"type\":\"credential\"}}}";
    }

    /** Posts {@code body} signed with the dev secret and timestamped now. */
    public static Response post(String eventId, String body) {
        return post(eventId, body, Instant.now().getEpochSecond(), DEV_SECRET);
    }

    public static Response post(String eventId, String body, long timestamp, String secret) {
        return request(eventId, body.getBytes(StandardCharsets.UTF_8), timestamp, secret).post(PATH);
    }

    /** The request with Finch's three headers set, for tests that change something before posting. */
    public static RequestSpecification request(String eventId, byte[] body, long timestamp, String secret) {
        return given()
                .contentType("application/json")
                .header("Finch-Event-Id", eventId)
                .header("Finch-Timestamp", Long.toString(timestamp))
                .header("Finch-Signature", signature(secret, eventId, timestamp, body))
                .body(body);
    }

    /** The {@code Finch-Signature} value: {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}. */
    public static String signature(String secret, String eventId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            mac.update((eventId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
