package com.acme.finchconnections.common;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * Starts reactive work that nobody waits for (a relay kick, parked events to apply) without blocking the caller.
 * Each run gets a fresh duplicated Vert.x context of its own, so its Hibernate Reactive session never meets the
 * caller's (sessions live in the context and must not be shared by concurrent chains).
 */
@ApplicationScoped
public class Background {

    private static final Logger LOG = Logger.getLogger(Background.class);

    private final Vertx vertx;

    public Background(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs the work soon; a failure is logged (the work's own periodic safety net retries it). */
    public void run(String what, Supplier<Uni<?>> work) {
        onOwnContext(work).subscribe().with(
                done -> {
                },
                failure -> LOG.warnf("%s failed: %s", what, failure.toString()));
    }

    /**
     * The work, subscribed on a fresh duplicated context of its own: for chains the caller runs side by side
     * and waits for, each with its own database session. The context is on the next event loop in turn (Vert.x
     * deals them out round-robin), not the caller's: a duplicate of the caller's context would run every chain on
     * the caller's one event-loop thread, which had held a webhook batch's partitions, applied side by side, to
     * one core between them.
     */
    public <T> Uni<T> onOwnContext(Supplier<Uni<? extends T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(((VertxInternal) vertx).createEventLoopContext());
        return Uni.createFrom().deferred(work)
                .runSubscriptionOn(task -> context.runOnContext(ignored -> {
                    VertxContextSafetyToggle.setCurrentContextSafe(true);
                    task.run();
                }));
    }
}
