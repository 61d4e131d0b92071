package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.acme.finchconnections.common.problem.Problems;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Records what the employer did in Connect (relayed by a front end or the simulator's Connect page) and moves the
 * session along its state machine (see {@link SessionTimeline}). A completed session stays completed; an expired
 * one only changes when the employer still finished it.
 */
@ApplicationScoped
public class SessionProgress {

    private final SessionProgressConfig config;
    private final Clock clock;

    public SessionProgress(SessionProgressConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Stores the event once per event_id; the session row lock serializes events of one session. */
    @WithTransaction
    public Uni<Void> record(String sessionId, SessionEventRequest request) {
        Instant now = now();
        SessionEventRequest.Valid event = request.validated(now, config.maxFutureSkew());
        return ConnectSession.<ConnectSession>findById(sessionId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> Problems.notFound("Session", sessionId))
                .chain(session -> alreadyRecorded(sessionId, event.eventId())
                        .chain(seen -> seen ? Uni.createFrom().voidItem() : store(session, event, now)));
    }

    /** The session's relayed events, oldest first: what its timeline is replayed from. */
    static Uni<List<SessionEvent>> frontendEvents(String sessionId) {
        return SessionEvent.<SessionEvent>find("sessionId = ?1 and source = ?2 order by occurredAt, id", sessionId,
                SessionEvent.SOURCE_FRONTEND).list();
    }

    private static Uni<Boolean> alreadyRecorded(String sessionId, String eventId) {
        if (eventId == null) {
            return Uni.createFrom().item(false);
        }
        return SessionEvent.count("sessionId = ?1 and eventId = ?2", sessionId, eventId).map(count -> count > 0);
    }

    private Uni<Void> store(ConnectSession session, SessionEventRequest.Valid event, Instant now) {
        return toEntity(session.sessionId, event, now).persistAndFlush()
                .chain(() -> frontendEvents(session.sessionId))
                .invoke(events -> advance(session, SessionTimeline.replay(events), now))
                .replaceWithVoid();
    }

    private static void advance(ConnectSession session, SessionTimeline timeline, Instant now) {
        boolean finished = "completed".equals(session.status) || "expired".equals(session.status);
        if (!finished || "completed".equals(timeline.status())) {
            session.status = timeline.status();
        }
        session.currentStage = timeline.currentStage();
        session.openedAt = timeline.openedAt();
        if (session.completedAt == null && timeline.completedAt() != null) {
            session.completedAt = timeline.completedAt();
        }
        session.providerId = timeline.providerId() != null ? timeline.providerId() : session.providerId;
        session.authMethod = timeline.authMethod() != null ? timeline.authMethod() : session.authMethod;
        session.errorMessage = timeline.errorMessage() != null ? timeline.errorMessage() : session.errorMessage;
        session.errorType = timeline.errorType() != null ? timeline.errorType() : session.errorType;
        session.updatedAt = now;
    }

    private static SessionEvent toEntity(String sessionId, SessionEventRequest.Valid valid, Instant now) {
        SessionEvent event = new SessionEvent();
        event.sessionId = sessionId;
        event.eventId = valid.eventId();
        event.type = valid.type();
        event.source = SessionEvent.SOURCE_FRONTEND;
        event.occurredAt = valid.occurredAt().truncatedTo(ChronoUnit.MICROS);
        event.recordedAt = now;
        event.providerId = valid.providerId();
        event.authMethod = valid.authMethod();
        event.errorMessage = valid.errorMessage();
        event.errorType = valid.errorType();
        return event;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
