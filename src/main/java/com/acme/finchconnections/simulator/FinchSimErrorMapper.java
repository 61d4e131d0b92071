package com.acme.finchconnections.simulator;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.arc.profile.IfBuildProfile;

/** Simulator errors leave as Finch's JSON error body, not as our problem+json. */
@IfBuildProfile(anyOf = { "dev", "test" })
public class FinchSimErrorMapper {

    @ServerExceptionMapper
    public Response finchError(FinchSimError error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body());
        error.headers().forEach(response::header);
        return response.build();
    }
}
