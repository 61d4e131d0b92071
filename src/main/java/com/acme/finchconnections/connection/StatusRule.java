package com.acme.finchconnections.connection;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.outbox.Outbox;

import io.smallrye.mutiny.Uni;

/**
 * "Which status wins": a connection's status comes from Finch at a moment in Finch's time. A newer observation
 * replaces an older one; an older one arriving later is recorded in the audit trail but changes nothing; equal
 * times go to the later arrival (callers apply observations in arrival order, e.g. Kafka offset order).
 * Times are compared in whole seconds, Finch's resolution: a webhook's {@code finch-timestamp} has no fraction,
 * while the service's own reads (exchange, introspect) do, so a webhook sent in the same second as the exchange
 * would otherwise lose to it.
 * Every change is announced on {@code connections.status.v1} through the outbox.
 */
@ApplicationScoped
public class StatusRule {

    public static final String STATUS_TOPIC = "connections.status.v1";

    private final Outbox outbox;
    private final Clock clock;

    public StatusRule(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Applies the observation to a managed connection and records it. Must run inside the caller's
     * transaction, so the status, its audit row and its outbound message commit together.
     *
     * @return the change, when the status actually changed
     */
    public Uni<Optional<StatusChangedMessage>> apply(Connection connection, StatusObservation observation) {
        Outcome outcome = decide(connection, observation);
        return outcome.audit().persist()
                .chain(() -> outcome.change().isPresent()
                        ? outbox.enqueue(STATUS_TOPIC, connection.connectionId, outcome.change().get()).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .replaceWith(outcome.change());
    }

    /** What applying an observation did: its audit row and the change, if the status changed; neither stored yet. */
    public record Outcome(ConnectionEvent audit, Optional<StatusChangedMessage> change) {
    }

    /**
     * {@link #apply} for callers that store a whole batch at once: sets the status on the connection and returns
     * the audit row and the change, which the caller stores in the same transaction ({@link ConnectionEvent#insertAll},
     * {@link Outbox#enqueueAll} on {@link #STATUS_TOPIC}). Touches no database.
     */
    public Outcome decide(Connection connection, StatusObservation observation) {
        Instant now = Instant.now(clock);
        String previous = connection.status;
        boolean wins = isNotOlder(observation.observedAt(), connection);
        boolean changed = wins && !Objects.equals(previous, observation.status());
        if (wins) {
            connection.status = observation.status();
            connection.statusMessage = observation.message();
            connection.statusObservedAt = observation.observedAt();
            connection.updatedAt = now;
            if (changed) {
                connection.statusUpdatedAt = now;
            }
        }
        ConnectionEvent audit = auditRow(connection.connectionId, observation, previous, changed, now);
        Optional<StatusChangedMessage> change = changed
                ? Optional.of(new StatusChangedMessage(connection.connectionId, connection.customerId, previous,
                        observation.status(), now, observation.eventId(), null))
                : Optional.empty();
        return new Outcome(audit, change);
    }

    /** Whether an observation made at {@code observedAt} replaces the connection's current status. */
    public static boolean isNotOlder(Instant observedAt, Connection connection) {
        return connection.statusObservedAt == null
                || !inFinchResolution(observedAt).isBefore(inFinchResolution(connection.statusObservedAt));
    }

    private static Instant inFinchResolution(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    private static ConnectionEvent auditRow(String connectionId, StatusObservation observation, String previous,
            boolean changed, Instant now) {
        ConnectionEvent audit = new ConnectionEvent();
        audit.connectionId = connectionId;
        audit.eventId = observation.eventId();
        audit.eventType = observation.eventType();
        audit.cause = observation.cause();
        audit.finchTimestamp = observation.observedAt();
        audit.appliedAt = now;
        audit.previousStatus = previous;
        audit.status = observation.status();
        audit.statusChanged = changed;
        audit.details = observation.details();
        return audit;
    }
}
