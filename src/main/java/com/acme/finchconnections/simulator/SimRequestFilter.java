package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens around every simulated Finch call: a {@code Finch-Request-Id} on each response, the request
 * log, and injected faults (an error answer and/or a delay) for Finch's API paths. {@code _sim} controls and
 * the Connect page are never faulted.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimRequestFilter {

    static final String PREFIX = "/finch-sim";
    static final String REQUEST_ID = "finch-sim.request-id";

    private final SimFaults faults;
    private final SimRequestLog log;
    private final SimTimers timers;
    private final Clock clock;

    public SimRequestFilter(SimFaults faults, SimRequestLog log, SimTimers timers, Clock clock) {
        this.faults = faults;
        this.log = log;
        this.timers = timers;
        this.clock = clock;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> beforeFinchCall(ContainerRequestContext request, RoutingContext routing) {
        String path = routing.normalizedPath();
        if (!path.startsWith(PREFIX + "/")) {
            return Uni.createFrom().nullItem();
        }
        String requestId = SimIds.uuid();
        request.setProperty(REQUEST_ID, requestId);
        String apiPath = path.substring(PREFIX.length());
        if (apiPath.startsWith("/_sim") || apiPath.startsWith("/authorize")) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<SimFaults.Fault> fault = faults.take(request.getMethod(), apiPath, bearerToken(authorization));
        log.add(clock.instant(), request.getMethod(), apiPath, requestId,
                request.getHeaderString("Finch-API-Version"), authorization, fault.map(f -> f.id).orElse(null));
        if (fault.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        SimFaults.FaultRequest spec = fault.get().spec;
        Duration delay = Duration.ofMillis(spec.delayMs() == null ? 0 : spec.delayMs());
        return timers.sleep(delay)
                .map(ignored -> spec.status() == null ? null : errorResponse(SimFaults.errorFor(spec)));
    }

    @ServerResponseFilter
    public void afterFinchCall(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(REQUEST_ID);
        if (requestId != null) {
            response.getHeaders().putSingle("Finch-Request-Id", requestId);
        }
    }

    private static Response errorResponse(FinchSimError error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body());
        error.headers().forEach(response::header);
        return response.build();
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
