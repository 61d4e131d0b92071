package com.acme.finchconnections.simulator;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Drives the Finch simulator from tests through its HTTP API and {@code _sim} controls (usable from any test
 * package). Every helper makes a fresh customer or connection, so tests never see each other's state.
 */
public final class FinchSimTestSupport {

    public static final String CLIENT_ID = "finch-sim-client";
    public static final String CLIENT_SECRET = "finch-sim-secret";
    public static final String WEBHOOK_SECRET = "OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug=";

    /** A sandbox connection: its token and ids. */
    public record SandboxConnection(String accessToken, String connectionId, String accountId, String companyId) {
    }

    private FinchSimTestSupport() {
    }

    public static String uniqueCustomer(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static RequestSpecification basic() {
        return given().auth().preemptive().basic(CLIENT_ID, CLIENT_SECRET).contentType("application/json");
    }

    public static RequestSpecification bearer(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken).contentType("application/json");
    }

    public static Response createSession(String customerId, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("customer_name", "Employer " + customerId);
        body.put("products", List.of("company", "directory", "individual"));
        body.putAll(extra);
        return basic().body(body).post("/finch-sim/connect/sessions");
    }

    public static String newSession(String customerId) {
        return createSession(customerId, Map.of()).then().statusCode(201).extract().path("session_id");
    }

    /** Walks the session through Connect with success and answers the authorization code. */
    public static String complete(String sessionId) {
        return given().contentType("application/json").body(Map.of("outcome", "success"))
                .post("/finch-sim/_sim/sessions/" + sessionId + "/complete")
                .then().statusCode(200).extract().path("code");
    }

    public static Response exchange(String code, String redirectUri) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("code", code);
        body.put("client_id", CLIENT_ID);
        body.put("client_secret", CLIENT_SECRET);
        if (redirectUri != null) {
            body.put("redirect_uri", redirectUri);
        }
        return given().contentType("application/json").body(body).post("/finch-sim/auth/token");
    }

    /** A new customer connected through Connect; answers the token response. */
    public static Response connectCustomer(String customerId) {
        String code = complete(newSession(customerId));
        return exchange(code, null);
    }

    public static SandboxConnection sandboxConnection(String authenticationType) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("provider_id", "gusto");
        if (authenticationType != null) {
            body.put("authentication_type", authenticationType);
        }
        Response response = basic().body(body).post("/finch-sim/sandbox/connections");
        response.then().statusCode(200);
        return new SandboxConnection(response.path("access_token"), response.path("connection_id"),
                response.path("account_id"), response.path("company_id"));
    }

    /** Sends this connection's webhooks to the test sink {@code name}. */
    public static String routeWebhooksToSink(String connectionId, String name) {
        String url = sinkUrl(name);
        given().contentType("application/json").body(Map.of("url", url))
                .put("/finch-sim/_sim/connections/" + connectionId + "/webhook-url")
                .then().statusCode(204);
        return url;
    }

    /** How long this connection's next jobs stay pending/in progress. */
    public static void jobDuration(String connectionId, java.time.Duration duration) {
        given().contentType("application/json").body(Map.of("duration_ms", duration.toMillis()))
                .put("/finch-sim/_sim/connections/" + connectionId + "/job-duration")
                .then().statusCode(204);
    }

    public static String sinkUrl(String name) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return "http://localhost:" + port + "/_test/webhook-sink/" + name;
    }

    public static String addFault(Map<String, Object> fault) {
        return given().contentType("application/json").body(fault).post("/finch-sim/_sim/faults")
                .then().statusCode(201).extract().path("fault_id");
    }

    public static Map<String, Object> fault(String faultId) {
        return given().get("/finch-sim/_sim/faults/" + faultId).then().statusCode(200).extract().jsonPath().getMap("");
    }

    public static void clearFaults() {
        given().delete("/finch-sim/_sim/faults").then().statusCode(204);
    }

    public static long lastRequestSeq() {
        return given().get("/finch-sim/_sim/requests?after=" + Long.MAX_VALUE).then().statusCode(200)
                .extract().jsonPath().getLong("last_seq");
    }

    public static List<Map<String, Object>> requestsSince(long seq, String pathPrefix) {
        return given().queryParam("after", seq).queryParam("path_prefix", pathPrefix)
                .get("/finch-sim/_sim/requests").then().statusCode(200).extract().jsonPath().getList("data");
    }

    /** The SDKs' check of a {@code Finch-Signature}: any v1 entry that matches. */
    public static boolean signedWith(String secret, String eventId, String timestamp, String body, String header) {
        String expected = WebhookSigner.sign(secret, eventId, Long.parseLong(timestamp), body);
        return Arrays.stream(header.split(" ")).anyMatch(entry -> entry.equals("v1," + expected));
    }
}
