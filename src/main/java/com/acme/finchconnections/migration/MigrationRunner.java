package com.acme.finchconnections.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.crypto.TokenCipher;
import com.acme.finchconnections.connection.ConnectionRegistered;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.FinchException;
import com.acme.finchconnections.migration.MigrationRecorder.Reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Works through pending migration records in the background: claims them in small leased batches, introspects
 * each token with at most {@code migration.concurrency} calls in flight, and records each outcome. Started after
 * a migration is accepted, at start-up and every {@code migration.resume-every} (which also takes over records
 * whose holder stopped), so a restart resumes where the run stopped.
 */
@ApplicationScoped
public class MigrationRunner {

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);

    /** Names this instance's leases, so it can hand them back when it stops. */
    private final String owner = "instance-" + UUID.randomUUID();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean kickedAgain = new AtomicBoolean();

    private final MigrationStore store;
    private final MigrationRecorder recorder;
    private final FinchApi finch;
    private final TokenCipher cipher;
    private final FinchPause pause;
    private final Event<ConnectionRegistered> registered;
    private final MigrationConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final Counter rateLimited;
    private final Counter retried;

    MigrationRunner(MigrationStore store, MigrationRecorder recorder, FinchApi finch, TokenCipher cipher,
            FinchPause pause, Event<ConnectionRegistered> registered, MigrationConfig config, Vertx vertx, Clock clock,
            MeterRegistry metrics) {
        this.store = store;
        this.recorder = recorder;
        this.finch = finch;
        this.cipher = cipher;
        this.pause = pause;
        this.registered = registered;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.rateLimited = metrics.counter("finch_connections.migration.rate_limited");
        this.retried = metrics.counter("finch_connections.migration.retries");
    }

    /** Makes sure pending records are being worked on; returns at once. */
    public void kick() {
        kickedAgain.set(true);
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Whether this instance is working on records right now. */
    public boolean busy() {
        return draining.get();
    }

    void onStart(@Observes StartupEvent started) {
        kick();
    }

    @Scheduled(every = "${migration.resume-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resume() {
        kick();
    }

    void onStop(@Observes ShutdownEvent stopping) {
        try {
            Integer released = store.releaseLeases(owner).await().atMost(Duration.ofSeconds(5));
            if (released > 0) {
                LOG.infof("Handed back %d migration records for the next instance", released);
            }
        } catch (RuntimeException e) {
            // Their leases run out on their own; the records are taken over then.
            LOG.warnf("Could not hand back migration leases: %s", e.toString());
        }
    }

    private void drain() {
        kickedAgain.set(false);
        claims()
                .onItem().transformToUni(this::process).merge(config.concurrency())
                .collect().last()
                .chain(() -> store.completeAllDone(clock.instant()))
                .subscribe().with(done -> drained(), failure -> {
                    LOG.warnf("Migration runner stopped: %s; the next resume picks up", failure.toString());
                    drained();
                });
    }

    private void drained() {
        draining.set(false);
        if (kickedAgain.get() && draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Pending records, claimed a batch at a time as workers free up, until none is left to claim. */
    private Multi<ClaimedRecord> claims() {
        return Multi.createBy().repeating()
                .uni(() -> {
                    Instant now = clock.instant();
                    return store.claim(config.concurrency(), owner, now, now.plus(config.lease()));
                })
                .until(List::isEmpty)
                .onItem().disjoint();
    }

    /** One record start to finish; never fails, so one record cannot stop the others. */
    private Uni<Void> process(ClaimedRecord record) {
        return onOwnContext(context -> tryRecord(record, context))
                .chain(() -> store.completeIfDone(record.migrationId(), clock.instant()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Migration record %s left for a later try: %s", record, failure.toString());
                    return null;
                });
    }

    private Uni<Void> tryRecord(ClaimedRecord record, Executor context) {
        if (record.claims() > config.retry().maxClaims()) {
            return recorder.failed(record, RecordFailure.abandoned(record.claims() - 1));
        }
        String token;
        try {
            token = cipher.open(record.token());
        } catch (RuntimeException unreadable) {
            return unreadable(record);
        }
        return attempt(record, token, 1, context);
    }

    /**
     * A sent run's records were all sealed with one key at intake: if one cannot be opened none can, so the run
     * aborts. A re-check copies stored tokens, each under its own key: only that record fails.
     */
    private Uni<Void> unreadable(ClaimedRecord record) {
        String keyId = record.token().keyId();
        if (Migration.KIND_RECORDS.equals(record.kind())) {
            return store.abort(record.migrationId(), "the run's tokens cannot be decrypted (key " + keyId
                    + "); keep that key configured and start a new migration", clock.instant());
        }
        return recorder.failed(record, new RecordFailure("token_unreadable",
                "the stored token cannot be decrypted (key " + keyId + " is not configured or the value is damaged)",
                null));
    }

    private Uni<Void> attempt(ClaimedRecord record, String token, int attempt, Executor context) {
        return pause.awaitOver(context)
                .chain(() -> finch.introspect(token).emitOn(context))
                .map(introspection -> new Reading(introspection, clock.instant()))
                .chain(reading -> recorder.migrated(record, token, reading))
                .invoke(outcome -> {
                    if (outcome.created()) {
                        // After the commit: webhook events parked for this connection can be applied now.
                        registered.fire(new ConnectionRegistered(outcome.connection().connectionId));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> retryOrFail(record, token, attempt, context, failure));
    }

    /**
     * Rate limits and outages pause every worker and try again without using up the record's attempts; other
     * transient errors back off and retry up to {@code migration.retry.max-attempts}; permanent ones are recorded.
     */
    private Uni<Void> retryOrFail(ClaimedRecord record, String token, int attempt, Executor context,
            Throwable failure) {
        if (failure instanceof FinchException finchFailure && finchFailure.isRateLimited()) {
            rateLimited.increment();
            Duration wait = finchFailure.retryAfter() != null ? finchFailure.retryAfter()
                    : config.retry().rateLimitPause();
            pause.pauseFor(wait);
            return attempt(record, token, attempt, context);
        }
        if (failure instanceof FinchException finchFailure && finchFailure.isCircuitOpen()) {
            pause.pauseFor(config.retry().outagePause());
            return attempt(record, token, attempt, context);
        }
        if (!RecordFailure.isPermanent(failure) && attempt < config.retry().maxAttempts()) {
            retried.increment();
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt)).emitOn(context)
                    .chain(() -> attempt(record, token, attempt + 1, context));
        }
        return recorder.failed(record, RecordFailure.of(failure));
    }

    /** Doubling from the initial backoff up to the cap, minus up to a quarter of jitter. */
    private Duration backoff(int attempt) {
        long base = config.retry().initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, config.retry().maxBackoff().toMillis());
        return Duration.ofMillis(Math.round(capped * (1 - ThreadLocalRandom.current().nextDouble() * 0.25)));
    }

    /**
     * Runs one record on a duplicated Vert.x context of its own: a Hibernate Reactive session lives in the context,
     * and records processed side by side must not share one. {@code work} gets an executor back onto that context
     * for steps that resume elsewhere (timers).
     */
    private Uni<Void> onOwnContext(Function<Executor, Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        Executor onContext = command -> context.runOnContext(ignored -> command.run());
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            work.apply(onContext).subscribe().with(emitter::complete, emitter::fail);
        }));
    }
}
