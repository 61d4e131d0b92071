package com.acme.finchconnections.session;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.acme.finchconnections.connection.ConnectionOverview;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/connect/exchange")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Connect sessions")
public class CodeExchangeResource {

    private final CodeExchangeService exchanges;

    public CodeExchangeResource(CodeExchangeService exchanges) {
        this.exchanges = exchanges;
    }

    @POST
    @Operation(summary = "Exchange the code Connect returned for a connection")
    @APIResponse(responseCode = "201", description = "Exchanged: the connection's overview")
    @APIResponse(responseCode = "200", description = "This code was already exchanged: the same connection, Finch not called")
    @APIResponse(responseCode = "400", description = "Invalid request, or Finch refused the code (finch_code)")
    public Uni<RestResponse<ConnectionOverview>> exchange(ExchangeRequest request) {
        ExchangeRequest body = request == null ? new ExchangeRequest(null, null, null) : request;
        return exchanges.exchange(body)
                .map(outcome -> RestResponse.status(outcome.exchanged() ? Status.CREATED : Status.OK,
                        outcome.connection()));
    }
}
