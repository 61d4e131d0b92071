package com.acme.finchconnections.common;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.NonBlocking;

/**
 * A constant answer on the event loop, touching nothing: for load balancers that only need "the process answers
 * HTTP", and the baseline {@code bench/run.sh} compares every scenario with. Readiness (database, broker) is
 * {@code /q/health/ready}.
 */
@Path("/ping")
public class PingResource {

    @GET
    @NonBlocking
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
