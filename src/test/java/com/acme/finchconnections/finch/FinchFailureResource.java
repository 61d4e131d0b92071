package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Exists only in tests: throws the FinchException asked for, so the global mapper can be seen at work. */
@Path("/_test/finch-failure")
public class FinchFailureResource {

    @GET
    public String fail(@QueryParam("kind") String kind) {
        throw switch (kind) {
            case "rate_limited" -> FinchException.builder(FinchException.Kind.RATE_LIMITED, "GET /introspect")
                    .httpStatus(429).body(429, "rate_limit_exceeded_error", "finch_api_ip_rl", "slow down", Map.of())
                    .requestId("req-rl").retryAfter(Duration.ofSeconds(12)).build();
            case "quota" -> FinchException.builder(FinchException.Kind.JOB_QUOTA_EXCEEDED, "POST /jobs/automated")
                    .httpStatus(429).retryAt(Instant.now().plus(Duration.ofMinutes(30))).build();
            case "timeout" -> FinchException.builder(FinchException.Kind.TIMEOUT, "GET /introspect")
                    .detail("no answer").build();
            default -> FinchException.builder(FinchException.Kind.UNAVAILABLE, "GET /introspect").httpStatus(500)
                    .body(500, "server_error", null, "boom", Map.of()).requestId("req-500").build();
        };
    }
}
