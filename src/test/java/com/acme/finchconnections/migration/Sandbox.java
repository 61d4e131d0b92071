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

    /** Another token of the same connection (what a re-authentication gives). */
    static String secondToken(String accessToken) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body("{}")
                .when().post("/finch-sim/_stub/tokens")
                .then().statusCode(lessThan(300))
                .extract().path("access_token");
    }

    /** The next {@code count} introspections answer 429 with Retry-After. */
    static void rateLimitStorm(int count, int retryAfterSeconds) {
        given().contentType(ContentType.JSON).body(Map.of("count", count, "retry_after", retryAfterSeconds))
                .when().post("/finch-sim/_stub/rate-limit")
                .then().statusCode(lessThan(300));
    }

    static int rateLimitsLeft() {
        return given().contentType(ContentType.JSON).body("{}").when().post("/finch-sim/_stub/rate-limit-left")
                .then().statusCode(lessThan(300)).extract().path("count");
    }
}
