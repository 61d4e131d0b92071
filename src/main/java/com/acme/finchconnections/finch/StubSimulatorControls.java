package com.acme.finchconnections.finch;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** TEMPORARY STUB of a few issue-3 simulator controls, so tests can run before the merge. */
@Path("/finch-sim/_sim")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StubSimulatorControls {

    private final FinchApi finch;

    public StubSimulatorControls(FinchApi finch) {
        this.finch = finch;
    }

    public record Complete(String outcome, String providerId, String authMethod, String errorMessage) {
    }

    public record Fault(int status, Integer count) {
    }

    @POST
    @Path("/sessions/{session_id}/complete")
    public Response complete(@PathParam("session_id") String sessionId, Complete body) {
        if (body != null && body.outcome() != null && !"success".equals(body.outcome())) {
            return Response.ok(Map.of()).build();
        }
        String code = finch.complete(sessionId, body == null ? null : body.providerId(),
                body == null ? null : body.authMethod());
        return code == null ? Response.status(404).build() : Response.ok(Map.of("code", code)).build();
    }

    @POST
    @Path("/faults")
    public Response fault(Fault fault) {
        finch.addFault(fault.status(), fault.count() == null ? 1 : fault.count());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/faults")
    public Response clear() {
        finch.clearFaults();
        return Response.noContent().build();
    }
}
