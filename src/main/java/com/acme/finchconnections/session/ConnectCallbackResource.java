package com.acme.finchconnections.session;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** Public: Finch's redirect flow sends the employer's browser here; the code itself is the credential. */
@Path("/connect/callback")
@Tag(name = "Connect sessions")
public class ConnectCallbackResource {

    private final CodeExchangeService exchanges;

    public ConnectCallbackResource(CodeExchangeService exchanges) {
        this.exchanges = exchanges;
    }

    @GET
    @Operation(summary = "Redirect-flow landing: exchanges the code, then redirects to the success or failure page")
    @APIResponse(responseCode = "303", description = "To the configured success or failure page")
    public Uni<RestResponse<Void>> callback(@RestQuery String code, @RestQuery String state) {
        return exchanges.callbackLanding(code, state).map(RestResponse::seeOther);
    }
}
