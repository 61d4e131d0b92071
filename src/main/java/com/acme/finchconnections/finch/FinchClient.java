package com.acme.finchconnections.finch;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;

import io.smallrye.mutiny.Uni;

/**
 * Finch's HTTP API as the service uses it. Every method answers the raw {@link Response} (the default error
 * mapper is off) so {@link FinchCallExecutor} sees status, headers and body of failures too. Authentication is
 * per endpoint: Basic for Connect sessions, credentials in the body for {@code /auth/token}, Bearer for the rest.
 * Bodies are JSON written by {@link FinchApi}, so exactly what is sent (and omitted) is decided in one place.
 */
@ClientHeaderParam(name = FinchClient.API_VERSION_HEADER, value = FinchClient.API_VERSION)
interface FinchClient {

    String API_VERSION_HEADER = "Finch-API-Version";
    String API_VERSION = "2020-09-17";

    @POST
    @Path("/connect/sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createConnectSession(@HeaderParam(HttpHeaders.AUTHORIZATION) String basic, String body);

    @POST
    @Path("/connect/sessions/reauthenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> reauthenticate(@HeaderParam(HttpHeaders.AUTHORIZATION) String basic, String body);

    @POST
    @Path("/auth/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> exchangeCode(String body);

    @GET
    @Path("/introspect")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer);

    @POST
    @Path("/disconnect")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> disconnect(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer);

    @POST
    @Path("/jobs/automated")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, String body);

    @GET
    @Path("/jobs/automated/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> getJob(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @PathParam("jobId") String jobId);

    @GET
    @Path("/jobs/automated")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> listJobs(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, @QueryParam("limit") int limit,
            @QueryParam("offset") int offset);
}
