package com.acme.finchconnections.session;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The HTTP calls the Connect tests are made of: this service's API and the simulator's controls. */
public final class ConnectFlows {

    public static final String API_KEY = "fc_dev_local_api_key";

    private ConnectFlows() {
    }

    public static String uniqueCustomer(String label) {
        return label + "-" + UUID.randomUUID();
    }

    public static Map<String, Object> sessionBody(String customerId) {
        return Map.of("customer_id", customerId, "customer_name", "Acme " + customerId,
                "products", List.of("company", "directory", "payment"), "minutes_to_expire", 60);
    }

    public static Response createSession(Object body) {
        return given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/connect/sessions");
    }

    public static String newSession(String customerId) {
        return createSession(sessionBody(customerId)).then().statusCode(201).extract().path("session_id");
    }

    public static Response reauthenticate(Object body) {
        return given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/connect/sessions/reauthenticate");
    }

    /** The employer finishes Connect successfully in the simulator; returns the authorization code. */
    public static String completeInFinch(String sessionId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("outcome", "success", "provider_id", "gusto", "auth_method", "credential"))
                .when().post("/finch-sim/_sim/sessions/{id}/complete", sessionId)
                .then().statusCode(200).extract().path("code");
    }

    public static Response exchange(String code, String sessionId) {
        Map<String, Object> body = sessionId == null ? Map.of("code", code)
                : Map.of("code", code, "session_id", sessionId);
        return given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/connect/exchange");
    }

    /** A connected customer: session, Connect completed, code exchanged. Returns the connection_id. */
    public static String connectedCustomer(String customerId) {
        String sessionId = newSession(customerId);
        return exchange(completeInFinch(sessionId), sessionId).then().statusCode(201).extract().path("connection_id");
    }

    public static Response session(String sessionId) {
        return given().auth().oauth2(API_KEY).when().get("/api/v1/connect/sessions/{id}", sessionId);
    }

    public static Response history(String sessionId) {
        return given().auth().oauth2(API_KEY).when().get("/api/v1/connect/sessions/{id}/history", sessionId);
    }

    public static Response connection(String connectionId) {
        return given().auth().oauth2(API_KEY).when().get("/api/v1/connections/{id}", connectionId);
    }

    /**
     * Makes the simulated Finch answer the next {@code calls} requests under {@code pathPrefix} (e.g.
     * {@code /connect/sessions}) with {@code status}. The Finch client retries 429/5xx, so one call of ours may use
     * up to three.
     */
    public static void finchFails(String pathPrefix, int status, int calls) {
        given().contentType(ContentType.JSON)
                .body(Map.of("path_prefix", pathPrefix, "status", status, "count", calls, "retry_after", 1))
                .when().post("/finch-sim/_sim/faults")
                .then().statusCode(201);
    }

    /**
     * Removes every fault, then makes one successful Finch call: the client's circuit breaker counts consecutive
     * outage failures across tests, and a success resets it.
     */
    public static void finchRecovers() {
        given().when().delete("/finch-sim/_sim/faults").then().statusCode(204);
        createSession(sessionBody(uniqueCustomer("finch-is-back"))).then().statusCode(201);
    }

    /** Where the simulator's request log stands now; see {@link #finchRequestsSince}. */
    public static long finchRequestMark() {
        return ((Number) given().when().get("/finch-sim/_sim/requests?path_prefix=/_none")
                .then().statusCode(200).extract().path("last_seq")).longValue();
    }

    /** How many requests Finch received under {@code pathPrefix} since {@code mark}. */
    public static int finchRequestsSince(long mark, String pathPrefix) {
        return given().queryParam("after", mark).queryParam("path_prefix", pathPrefix)
                .when().get("/finch-sim/_sim/requests")
                .then().statusCode(200).extract().path("data.size()");
    }
}
