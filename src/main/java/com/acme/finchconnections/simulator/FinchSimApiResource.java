package com.acme.finchconnections.simulator;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;

/**
 * Finch's own API paths under {@code /finch-sim}, so Finch's SDKs work with only their base URL changed. Each
 * method checks the endpoint's authentication (Basic, body credentials or Bearer) and hands over to a service.
 */
@Path("/finch-sim")
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProfile(anyOf = { "dev", "test" })
public class FinchSimApiResource {

    private final SimAuth auth;
    private final SimConnectService connect;
    private final SimAccountService accounts;
    private final SimJobs jobs;
    private final SimJson json;

    public FinchSimApiResource(SimAuth auth, SimConnectService connect, SimAccountService accounts, SimJobs jobs,
            SimJson json) {
        this.auth = auth;
        this.connect = connect;
        this.accounts = accounts;
        this.jobs = jobs;
        this.json = json;
    }

    @POST
    @Path("/connect/sessions")
    public Uni<Response> createSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        auth.requireBasic(authorization);
        return connect.createSession(json.read(body, SimConnectService.SessionRequest.class)).map(FinchSimApiResource::created);
    }

    @POST
    @Path("/connect/sessions/reauthenticate")
    public Uni<Response> reauthenticate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        auth.requireBasic(authorization);
        return connect.reauthenticate(json.read(body, SimConnectService.ReauthenticateRequest.class))
                .map(FinchSimApiResource::created);
    }

    @POST
    @Path("/auth/token")
    public Uni<Response> exchangeCode(String body) {
        return connect.exchange(json.read(body, SimConnectService.TokenRequest.class)).map(FinchSimApiResource::ok);
    }

    @GET
    @Path("/introspect")
    public Uni<Response> introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auth.bearer(authorization).chain(accounts::introspect).map(FinchSimApiResource::ok);
    }

    @POST
    @Path("/disconnect")
    public Uni<Response> disconnect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auth.bearer(authorization).chain(accounts::disconnect).map(FinchSimApiResource::ok);
    }

    @POST
    @Path("/jobs/automated")
    public Uni<Response> createJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        JsonNode request = json.tree(body);
        return auth.bearerForData(authorization)
                .chain(owner -> jobs.create(owner.connection(), request.path("type").asText(null), request.get("params")))
                .map(created -> Response.status(created.status()).entity(created.body()).build());
    }

    @GET
    @Path("/jobs/automated/{jobId}")
    public Uni<Response> getJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("jobId") String jobId) {
        return auth.bearer(authorization)
                .chain(owner -> jobs.find(owner.connection(), jobId))
                .map(job -> ok(jobs.view(job)));
    }

    @GET
    @Path("/jobs/automated")
    public Uni<Response> listJobs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        if (limit < 1 || offset < 0) {
            throw FinchSimError.invalidRequest("limit must be positive and offset not negative");
        }
        return auth.bearer(authorization)
                .chain(owner -> jobs.list(owner.connection(), Math.min(limit, 100), offset))
                .map(FinchSimApiResource::ok);
    }

    @POST
    @Path("/sandbox/connections")
    public Uni<Response> createSandboxConnection(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        auth.requireBasic(authorization);
        return accounts.createSandboxConnection(json.read(body, SimAccountService.SandboxConnectionRequest.class))
                .map(FinchSimApiResource::ok);
    }

    @POST
    @Path("/sandbox/connections/accounts")
    public Uni<Response> createSandboxAccount(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        auth.requireBasic(authorization);
        return accounts.createSandboxAccount(json.read(body, SimAccountService.SandboxAccountRequest.class))
                .map(FinchSimApiResource::ok);
    }

    @PUT
    @Path("/sandbox/connections/accounts")
    public Uni<Response> updateSandboxAccount(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        SimAccountService.SandboxStatusRequest request = json.read(body, SimAccountService.SandboxStatusRequest.class);
        return auth.bearer(authorization)
                .chain(owner -> accounts.updateSandboxStatus(owner, request))
                .map(FinchSimApiResource::ok);
    }

    @GET
    @Path("/sandbox/jobs/configuration")
    public Uni<Response> jobConfiguration(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return auth.bearer(authorization)
                .chain(owner -> jobs.configuration(owner.connection()))
                .map(FinchSimApiResource::ok);
    }

    @PUT
    @Path("/sandbox/jobs/configuration")
    public Uni<Response> configureJobs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        JsonNode request = json.tree(body);
        String type = request.path("type").asText(null);
        String completionStatus = request.path("completion_status").asText(null);
        new SimValidation()
                .check(SimJobs.DATA_SYNC_ALL.equals(type), "type must be data_sync_all")
                .check(completionStatus != null && SimJobs.COMPLETION_STATUSES.contains(completionStatus),
                        "completion_status must be one of " + SimJobs.COMPLETION_STATUSES)
                .throwIfAny();
        return auth.bearer(authorization)
                .call(owner -> jobs.configure(owner.connection(), type, completionStatus))
                .map(owner -> ok(java.util.Map.of("type", type, "completion_status", completionStatus)));
    }

    /**
     * Errors leave as Finch's error body. Declared here rather than globally: a resource-local mapper disappears
     * with its (dev/test-only) resource, while a global one would stay registered in a prod build.
     */
    @ServerExceptionMapper
    public Response finchError(FinchSimError error) {
        return error.toResponse();
    }

    private static Response created(Object body) {
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    private static Response ok(Object body) {
        return Response.ok(body).build();
    }
}
