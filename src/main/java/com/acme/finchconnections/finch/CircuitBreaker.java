package com.acme.finchconnections.finch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

/**
 * Fails Finch calls at once while Finch is down, so an outage doesn't pile up waiting requests. Opens after
 * {@code failureThreshold} consecutive outage failures (5xx, unreachable, timeout — not 4xx or rate limits,
 * which prove Finch is up), stays open for {@code openDuration}, then lets one trial call through: its success
 * closes the circuit, its failure opens it again.
 */
final class CircuitBreaker {

    private static final Logger LOG = Logger.getLogger(CircuitBreaker.class);

    private enum Phase { CLOSED, OPEN, HALF_OPEN }

    private record State(Phase phase, int failures, Instant openUntil) {
    }

    private static final State CLOSED = new State(Phase.CLOSED, 0, null);

    private final int failureThreshold;
    private final Duration openDuration;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);

    CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
        this.clock = clock;
    }

    /** Whether a call may go to Finch now; in half-open only the first caller gets through. */
    boolean tryAcquire() {
        while (true) {
            State current = state.get();
            switch (current.phase()) {
                case CLOSED:
                    return true;
                case HALF_OPEN:
                    return false;
                case OPEN:
                    if (clock.instant().isBefore(current.openUntil())) {
                        return false;
                    }
                    if (state.compareAndSet(current, new State(Phase.HALF_OPEN, current.failures(), null))) {
                        LOG.info("Finch circuit half-open: letting one trial call through");
                        return true;
                    }
                    break;
                default:
                    throw new IllegalStateException(current.phase().name());
            }
        }
    }

    void onSuccess() {
        State previous = state.getAndSet(CLOSED);
        if (previous.phase() != Phase.CLOSED) {
            LOG.info("Finch circuit closed: Finch answered again");
        }
    }

    void onOutage() {
        State previous;
        State next;
        do {
            previous = state.get();
            int failures = previous.failures() + 1;
            boolean open = previous.phase() == Phase.HALF_OPEN || failures >= failureThreshold;
            next = open ? new State(Phase.OPEN, failures, clock.instant().plus(openDuration))
                    : new State(Phase.CLOSED, failures, null);
        } while (!state.compareAndSet(previous, next));
        if (next.phase() == Phase.OPEN && previous.phase() != Phase.OPEN) {
            LOG.warnf("Finch circuit open for %s after %d consecutive failures", openDuration, next.failures());
        }
    }

    boolean isOpen() {
        return state.get().phase() != Phase.CLOSED;
    }
}
