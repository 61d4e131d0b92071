package com.acme.finchconnections.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * One pause shared by every migration worker of this instance. When Finch rate-limits one call (or is down), the
 * others would only be refused too: they all wait until the pause is over, so the run slows down instead of
 * piling up failures.
 */
@ApplicationScoped
class FinchPause {

    private final Clock clock;
    private final AtomicReference<Instant> until = new AtomicReference<>(Instant.EPOCH);

    FinchPause(Clock clock) {
        this.clock = clock;
    }

    /** Extends the pause to at least {@code pause} from now; a longer pause already running is kept. */
    void pauseFor(Duration pause) {
        Instant end = clock.instant().plus(pause);
        until.accumulateAndGet(end, (current, proposed) -> proposed.isAfter(current) ? proposed : current);
    }

    /** Completes once no pause is running, on {@code context} (the worker's Vert.x context). */
    Uni<Void> awaitOver(Executor context) {
        Duration left = Duration.between(clock.instant(), until.get());
        if (left.isNegative() || left.isZero()) {
            return Uni.createFrom().voidItem();
        }
        // The pause may have been extended meanwhile: look again after waiting.
        return Uni.createFrom().voidItem().onItem().delayIt().by(left).emitOn(context)
                .chain(() -> awaitOver(context));
    }

    Instant pausedUntil() {
        return until.get();
    }
}
