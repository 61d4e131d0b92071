package com.acme.finchconnections.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/connections/{connection_id}/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Operation(summary = "The connection's Finch jobs, newest first")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "404", description = "Unknown connection")
    public Uni<Page<JobView>> list(@PathParam("connection_id") String connectionId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return jobs.list(connectionId, PageRequest.of(limit, cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Force a data sync (Finch allows one per hour per connection)")
    @APIResponse(responseCode = "202", description = "The job Finch queued (or the one already queued)")
    @APIResponse(responseCode = "404", description = "Unknown connection")
    @APIResponse(responseCode = "429", description = "Finch's job quota is spent; see retry_at and Retry-After")
    public Uni<RestResponse<JobView>> create(@PathParam("connection_id") String connectionId,
            @NotNull @Valid CreateJobRequest request) {
        return jobs.create(connectionId, request).map(job -> RestResponse.accepted(job));
    }
}
