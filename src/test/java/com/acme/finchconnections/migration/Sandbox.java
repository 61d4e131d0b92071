package com.acme.finchconnections.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;

import io.restassured.http.ContentType;

/** Legacy tokens made by the Finch simulator's sandbox, as a company that integrated before connection_id holds them. */
final class Sandbox {

    static final String CLIENT_ID = "finch-sim-client";
    static final String CLIENT_SECRET = "finch-sim-secret";

    private Sandbox() {
    }

    /** A new sandbox connection: {@code access_token, connection_id, account_id, company_id, ...}. */
    static Map<String, Object> newConnection() {
        return given().auth().preemptive().basic(CLIENT_ID, CLIENT_SECRET)
                .contentType(ContentType.JSON)
                .body(Map.of("provider_id", "gusto", "products", java.util.List.of("company", "directory")))
                .when().post("/finch-sim/sandbox/connections")
                .then().statusCode(lessThan(300))
                .extract().jsonPath().getMap("");
    }

    /** Sets the connection's status at Finch, e.g. {@code reauth}. */
    static void setStatus(String accessToken, String status) {
        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("connection_status", status))
                .when().put("/finch-sim/sandbox/connections/accounts")
                .then().statusCode(lessThan(300));
    }

    /** Another token of the same connection: a second sandbox account of its company. */
    static String secondToken(Map<String, Object> connection) {
        return given().auth().preemptive().basic(CLIENT_ID, CLIENT_SECRET)
                .contentType(ContentType.JSON)
                .body(Map.of("company_id", connection.get("company_id"), "provider_id", connection.get("provider_id")))
                .when().post("/finch-sim/sandbox/connections/accounts")
                .then().statusCode(lessThan(300))
                .body("connection_id", org.hamcrest.Matchers.equalTo(connection.get("connection_id")))
                .extract().path("access_token");
    }

    /** The next {@code count} calls to {@code /introspect} answer 429 with {@code Retry-After}; returns the fault id. */
    static String rateLimitStorm(int count, int retryAfterSeconds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("path_prefix", "/introspect", "status", 429, "retry_after", retryAfterSeconds,
                        "count", count))
                .when().post("/finch-sim/_sim/faults")
                .then().statusCode(lessThan(300))
                .extract().path("fault_id");
    }

    /** How many requests the fault answered. */
    static int faultHits(String faultId) {
        return given().when().get("/finch-sim/_sim/faults/" + faultId)
                .then().statusCode(lessThan(300))
                .extract().path("hits");
    }
}
