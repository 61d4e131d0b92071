package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens around every simulated Finch call: a {@code Finch-Request-Id} on each response, the request log,
 * and injected faults (an error answer and/or a delay) for Finch's API paths; {@code _sim} controls and the
 * Connect page are never faulted. A Vert.x route rather than JAX-RS filters: an annotated JAX-RS filter stays
 * registered in a prod build even when its class is excluded, this route disappears with its bean.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimRequestFilter {

    static final String PREFIX = "/finch-sim";

    private final SimFaults faults;
    private final SimRequestLog log;
    private final SimJson json;
    private final Clock clock;

    public SimRequestFilter(SimFaults faults, SimRequestLog log, SimJson json, Clock clock) {
        this.faults = faults;
        this.log = log;
        this.json = json;
        this.clock = clock;
    }

    void register(@Observes Router router) {
        router.route(PREFIX + "/*").order(-1000).handler(this::beforeFinchCall);
    }

    private void beforeFinchCall(RoutingContext routing) {
        String requestId = SimIds.uuid();
        routing.response().putHeader("Finch-Request-Id", requestId);
        String apiPath = routing.normalizedPath().substring(PREFIX.length());
        if (apiPath.startsWith("/_sim") || apiPath.startsWith("/authorize")) {
            routing.next();
            return;
        }
        String method = routing.request().method().name();
        String authorization = routing.request().getHeader("Authorization");
        Optional<SimFaults.Fault> fault = faults.take(method, apiPath, bearerToken(authorization));
        log.add(clock.instant(), method, apiPath, requestId, routing.request().getHeader("Finch-API-Version"),
                authorization, fault.map(f -> f.id).orElse(null));
        if (fault.isEmpty()) {
            routing.next();
            return;
        }
        SimFaults.FaultRequest spec = fault.get().spec;
        long delay = spec.delayMs() == null ? 0 : spec.delayMs();
        if (delay <= 0) {
            answer(routing, spec);
            return;
        }
        // Going on later: hold the request body until the next handler is there to read it.
        routing.request().pause();
        routing.vertx().setTimer(delay, ignored -> {
            answer(routing, spec);
            routing.request().resume();
        });
    }

    /** The fault's error, or the normal answer (a delay-only fault). */
    private void answer(RoutingContext routing, SimFaults.FaultRequest spec) {
        if (spec.status() == null) {
            routing.next();
            return;
        }
        FinchSimError error = SimFaults.errorFor(spec);
        error.headers().forEach(routing.response()::putHeader);
        routing.response()
                .setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(json.write(error.body()));
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
