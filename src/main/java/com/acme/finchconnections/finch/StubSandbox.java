package com.acme.finchconnections.finch;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** TEMPORARY STUB of a few issue-3 simulator paths, so the migration tests can run before the merge. */
@Path("/finch-sim")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StubSandbox {

    private final FinchApi finch;

    public StubSandbox(FinchApi finch) {
        this.finch = finch;
    }

    public record Status(String connectionStatus) {
    }

    public record Fault(int count, Integer retryAfter) {
    }

    @POST
    @Path("/sandbox/connections")
    public Map<String, Object> create(Map<String, Object> body) {
        String token = "sandbox-" + UUID.randomUUID();
        FinchApi.SandboxConnection c = finch.createSandbox(token, (String) body.get("provider_id"));
        return Map.of("access_token", token, "connection_id", c.connectionId(), "account_id", c.accountId(),
                "company_id", c.companyId(), "provider_id", c.providerId());
    }

    @PUT
    @Path("/sandbox/connections/accounts")
    public Map<String, Object> status(@HeaderParam("Authorization") String authorization, Status body) {
        FinchApi.SandboxConnection c = finch.setStatus(authorization.substring(7), body.connectionStatus());
        return Map.of("connection_id", c.connectionId(), "account_id", c.accountId(), "company_id", c.companyId());
    }

    @POST
    @Path("/_stub/tokens")
    public Map<String, Object> secondToken(@HeaderParam("Authorization") String authorization) {
        String token = "sandbox-" + UUID.randomUUID();
        FinchApi.SandboxConnection c = finch.addToken(authorization.substring(7), token);
        return Map.of("access_token", token, "connection_id", c.connectionId());
    }

    @POST
    @Path("/_stub/rate-limit")
    public Map<String, Object> rateLimit(Fault fault) {
        finch.rateLimit(fault.count(), fault.retryAfter() == null ? 1 : fault.retryAfter());
        return Map.of("count", fault.count());
    }

    @POST
    @Path("/_stub/rate-limit-left")
    public Map<String, Object> left() {
        return Map.of("count", finch.rateLimitsLeft());
    }
}
