package com.acme.finchconnections.finch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** An uncaught FinchException leaves the service as API.md's problem. */
@QuarkusTest
class FinchExceptionMapperTest {

    @Test
    void finchServerErrorIsBadGatewayWithFinchsCodeAndRequestId() {
        given().get("/_test/finch-failure?kind=server")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:finch-unavailable"))
                .body("finch_code", equalTo("server_error"))
                .body("finch_request_id", equalTo("req-500"));
    }

    @Test
    void finchRateLimitIsServiceUnavailableWithRetryAfter() {
        given().get("/_test/finch-failure?kind=rate_limited")
                .then().statusCode(503)
                .header("Retry-After", "12")
                .body("finch_code", equalTo("finch_api_ip_rl"));
    }

    @Test
    void aTimeoutIsGatewayTimeout() {
        given().get("/_test/finch-failure?kind=timeout").then().statusCode(504);
    }

    @Test
    void aJobQuotaIsTooManyRequestsWithRetryAt() {
        given().get("/_test/finch-failure?kind=quota")
                .then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("retry_at", notNullValue());
    }
}
