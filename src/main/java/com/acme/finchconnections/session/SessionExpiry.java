package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Marks sessions past their expires_at that nobody finished as {@code expired}, in bounded batches (one short
 * transaction each), and records {@code session_expired} in each one's history. Finch gives a customer whose
 * session expired a new session_id, so an expired session is never handed out again.
 */
@ApplicationScoped
public class SessionExpiry {

    private static final Logger LOG = Logger.getLogger(SessionExpiry.class);
    public static final String SESSION_EXPIRED = "session_expired";

    /** Still open or abandoned: failed and closed sessions may be retried in Connect until they expire. */
    private static final String EXPIRABLE = "('created', 'opened', 'failed', 'closed')";

    private final SessionProgressConfig config;
    private final Clock clock;

    public SessionExpiry(SessionProgressConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${session-progress.expiry.every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return expireAll().invoke(count -> {
            if (count > 0) {
                LOG.infof("Marked %d Connect sessions expired", count);
            }
        }).onFailure().invoke(e -> LOG.warnf("Session expiry failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Expires batch after batch until none is left; returns how many sessions were expired. */
    public Uni<Integer> expireAll() {
        return expireBatch().chain(count -> count < config.expiry().batchSize()
                ? Uni.createFrom().item(count)
                : expireAll().map(more -> more + count));
    }

    /**
     * One batch in one statement: the sessions and their history entries change together. SKIP LOCKED leaves
     * sessions an event or an exchange is working on to the next run.
     */
    Uni<Integer> expireBatch() {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("with expired as (update connect_session "
                        + "set status = 'expired', updated_at = :now, version = version + 1 "
                        + "where session_id in (select session_id from connect_session where status in " + EXPIRABLE
                        + " and expires_at <= :now order by expires_at limit :limit for update skip locked) "
                        + "returning session_id, expires_at) "
                        + "insert into session_event (session_id, type, source, occurred_at, recorded_at, details) "
                        + "select session_id, '" + SESSION_EXPIRED + "', 'service', expires_at, :now, "
                        + "jsonb_build_object('expired_at', expires_at) from expired")
                        .setParameter("now", now)
                        .setParameter("limit", config.expiry().batchSize())
                        .executeUpdate()));
    }
}
