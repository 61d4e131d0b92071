package com.acme.finchconnections.simulator;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;

/**
 * Controls for scripts and tests under {@code /finch-sim/_sim} (docs/finch-simulator.md). There is deliberately
 * no control that reveals a connection's access token: tokens come only from {@code /auth/token} or the sandbox.
 */
@Path("/finch-sim/_sim")
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProfile(anyOf = { "dev", "test" })
public class FinchSimControlResource {

    private final ConnectFlow flow;
    private final SessionEventRelay relay;
    private final SimControls controls;
    private final SimJobs jobs;
    private final WebhookSecrets secrets;
    private final SimFaults faults;
    private final SimRequestLog requests;
    private final SimJson json;

    public FinchSimControlResource(ConnectFlow flow, SessionEventRelay relay, SimControls controls, SimJobs jobs,
            WebhookSecrets secrets, SimFaults faults, SimRequestLog requests, SimJson json) {
        this.flow = flow;
        this.jobs = jobs;
        this.relay = relay;
        this.controls = controls;
        this.secrets = secrets;
        this.faults = faults;
        this.requests = requests;
        this.json = json;
    }

    /**
     * Errors leave as Finch's error body. Declared here rather than globally: a resource-local mapper disappears
     * with its (dev/test-only) resource, while a global one would stay registered in a prod build.
     */
    @ServerExceptionMapper
    public Response finchError(FinchSimError error) {
        return error.toResponse();
    }

    @POST
    @Path("/sessions/{sessionId}/complete")
    public Uni<Map<String, Object>> completeSession(@PathParam("sessionId") String sessionId, String body) {
        return flow.walk(sessionId, json.read(body, ConnectFlow.CompleteRequest.class));
    }

    @GET
    @Path("/sessions/{sessionId}/events")
    public Map<String, Object> reportedEvents(@PathParam("sessionId") String sessionId) {
        return Map.of("data", relay.reportedFor(sessionId));
    }

    @POST
    @Path("/connections/{connectionId}/webhooks")
    public Uni<Response> sendWebhooks(@PathParam("connectionId") String connectionId, String body) {
        SimControls.WebhookRequest request = json.read(body, SimControls.WebhookRequest.class);
        boolean deliver = request.deliver() == null || request.deliver();
        return controls.webhooks(connectionId, request)
                .map(sent -> Response.status(deliver ? 202 : 200).entity(sent).build());
    }

    @GET
    @Path("/connections/{connectionId}/webhooks")
    public Uni<Map<String, Object>> deliveries(@PathParam("connectionId") String connectionId) {
        return controls.deliveries(connectionId).map(list -> Map.of("data", list));
    }

    @PUT
    @Path("/connections/{connectionId}/webhook-url")
    public Uni<Response> webhookUrl(@PathParam("connectionId") String connectionId, String body) {
        JsonNode request = json.tree(body);
        return controls.webhookUrl(connectionId, request.path("url").asText(null))
                .replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/connections/{connectionId}/job-duration")
    public Uni<Response> jobDuration(@PathParam("connectionId") String connectionId, String body) {
        JsonNode request = json.tree(body);
        Long millis = request.hasNonNull("duration_ms") ? request.get("duration_ms").asLong() : null;
        return controls.jobDuration(connectionId, millis).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/connections/{connectionId}/jobs/finish")
    public Uni<Map<String, Object>> finishJobs(@PathParam("connectionId") String connectionId) {
        return jobs.finishNow(connectionId).map(finished -> Map.of("finished_job_ids", finished));
    }

    @POST
    @Path("/webhook-secret/rotate")
    public Map<String, Object> rotateWebhookSecret(String body) {
        JsonNode request = json.tree(body);
        String secret = request.path("secret").asText(null);
        Duration overlap = request.hasNonNull("overlap_seconds")
                ? Duration.ofSeconds(request.get("overlap_seconds").asLong()) : null;
        try {
            WebhookSecrets.Rotation rotation = secrets.rotate(secret, overlap);
            return Map.of("secret", rotation.secret(),
                    "previous_secret_valid_until", rotation.previousSecretValidUntil().toString());
        } catch (IllegalArgumentException notBase64) {
            throw FinchSimError.invalidRequest("secret must be standard base64");
        }
    }

    @DELETE
    @Path("/webhook-secret/previous")
    public Response endWebhookSecretOverlap() {
        secrets.endOverlap();
        return Response.noContent().build();
    }

    @POST
    @Path("/webhook-secret/reset")
    public Response resetWebhookSecret() {
        secrets.reset();
        return Response.noContent().build();
    }

    @POST
    @Path("/faults")
    public Response addFault(String body) {
        SimFaults.Fault fault = faults.add(json.read(body, SimFaults.FaultRequest.class));
        return Response.status(201).entity(fault.view()).build();
    }

    @GET
    @Path("/faults")
    public Map<String, Object> faults() {
        return Map.of("data", faults.list());
    }

    @GET
    @Path("/faults/{faultId}")
    public Map<String, Object> fault(@PathParam("faultId") String faultId) {
        return faults.find(faultId).map(SimFaults.Fault::view)
                .orElseThrow(() -> FinchSimError.notFound("No fault " + faultId));
    }

    @DELETE
    @Path("/faults/{faultId}")
    public Response removeFault(@PathParam("faultId") String faultId) {
        return faults.remove(faultId) ? Response.noContent().build()
                : Response.status(404).entity(FinchSimError.notFound("No fault " + faultId).body()).build();
    }

    @DELETE
    @Path("/faults")
    public Response clearFaults() {
        faults.clear();
        return Response.noContent().build();
    }

    @GET
    @Path("/requests")
    public Map<String, Object> requests(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("path_prefix") String pathPrefix) {
        return Map.of("data", requests.since(after, pathPrefix), "last_seq", requests.lastSeq());
    }
}
