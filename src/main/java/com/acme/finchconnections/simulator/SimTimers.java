package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Runs the simulator's own background work (job progress, webhook attempts) at a moment. These are a simulated
 * Finch acting on its own, so they are started and forgotten; each logs its failure, and the sweeper picks up
 * whatever a lost timer left behind.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimTimers {

    private static final Logger LOG = Logger.getLogger(SimTimers.class);

    private final Vertx vertx;
    private final Clock clock;

    public SimTimers(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    void at(Instant when, String what, java.util.function.Supplier<Uni<?>> work) {
        after(Duration.between(clock.instant(), when), what, work);
    }

    void after(Duration delay, String what, java.util.function.Supplier<Uni<?>> work) {
        long millis = Math.max(1, delay.toMillis());
        vertx.setTimer(millis, ignored -> run(what, work));
    }

    private static void run(String what, java.util.function.Supplier<Uni<?>> work) {
        Uni.createFrom().deferred(work::get).subscribe().with(
                ignored -> {
                },
                failure -> LOG.warnf(failure, "Finch simulator: %s failed", what));
    }
}
