package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Finch's automated jobs: forced refreshes with the real quota (a fixed number per connection per hour; a job
 * still queued is returned with 202 and uses no quota; past the quota 429 with {@code retry_at}), one scheduled
 * daily sync per connection, and jobs that progress by themselves (pending → in_progress → the sandbox's
 * configured completion status) and announce their end with a {@code job.<type>.completed} webhook.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimJobs {

    private static final Logger LOG = Logger.getLogger(SimJobs.class);

    static final String DATA_SYNC_ALL = "data_sync_all";
    static final Set<String> TYPES = Set.of(DATA_SYNC_ALL, "w4_form_employee_sync");
    static final Set<String> COMPLETION_STATUSES = Set.of("complete", "reauth_error", "permissions_error", "error");
    static final Duration QUOTA_WINDOW = Duration.ofHours(1);
    static final Duration SCHEDULED_SYNC_INTERVAL = Duration.ofDays(1);

    /** What {@code POST /jobs/automated} answered: 201 for a new job, 202 for the one already queued. */
    record Created(int status, Map<String, Object> body, SimJob job) {
    }

    private final SimulatorConfig config;
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final SimWebhooks webhooks;
    private final SimTimers timers;
    private final SimJson json;
    private final Pool database;
    private final Clock clock;

    public SimJobs(SimulatorConfig config, JobStore jobs, ConnectionStore connections, SimWebhooks webhooks,
            SimTimers timers, SimJson json, Pool database, Clock clock) {
        this.json = json;
        this.config = config;
        this.jobs = jobs;
        this.connections = connections;
        this.webhooks = webhooks;
        this.timers = timers;
        this.database = database;
        this.clock = clock;
    }

    Uni<Created> create(SimConnection connection, String type, JsonNode params) {
        requireCreatable(connection, type, params);
        Instant now = clock.instant();
        return database.withTransaction(tx -> ConnectionStore.lock(tx, "jobs:" + connection.connectionId())
                        .chain(() -> jobs.findQueued(tx, connection.connectionId(), type))
                        .chain(queued -> queued != null ? alreadyQueued(tx, connection, queued, now)
                                : createWithinQuota(tx, connection, type, params, now)))
                .invoke(created -> {
                    if (created.status() == 201) {
                        scheduleProgress(created.job());
                    }
                });
    }

    Uni<SimJob> find(SimConnection connection, String jobId) {
        return jobs.find(database, connection.connectionId(), jobId)
                .onItem().ifNull().failWith(() -> FinchSimError.notFound("No job " + jobId + " for this connection"));
    }

    Uni<Map<String, Object>> list(SimConnection connection, int limit, int offset) {
        Instant now = clock.instant();
        return jobs.list(database, connection.connectionId(), limit, offset)
                .chain(page -> jobs.forcedSince(database, connection.connectionId(), DATA_SYNC_ALL,
                                now.minus(QUOTA_WINDOW))
                        .map(used -> {
                            Map<String, Object> quota = new LinkedHashMap<>();
                            quota.put("allowed_refreshes", config.jobRefreshesPerHour());
                            quota.put("remaining_refreshes", Math.max(0, config.jobRefreshesPerHour() - used.size()));
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("data", page.stream().map(this::view).toList());
                            body.put("meta", Map.of("quotas", Map.of(DATA_SYNC_ALL, quota)));
                            return body;
                        }));
    }

    /** The job as Finch shows it ({@code GET /jobs/automated/{id}}). */
    Map<String, Object> view(SimJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.jobId());
        view.put("job_url", jobUrl(job.jobId()));
        view.put("type", job.type());
        view.put("status", job.status());
        view.put("created_at", job.createdAt().toString());
        view.put("scheduled_at", job.scheduledAt() == null ? null : job.scheduledAt().toString());
        view.put("started_at", job.startedAt() == null ? null : job.startedAt().toString());
        view.put("completed_at", job.completedAt() == null ? null : job.completedAt().toString());
        view.put("params", job.params() == null ? null : job.params().getMap());
        return view;
    }

    /** A new connection gets its daily sync, the one Finch lists as the next scheduled job. */
    Uni<Void> scheduleDailySync(SqlClient tx, SimConnection connection, Instant from) {
        if (connection.isAssisted()) {
            return Uni.createFrom().voidItem();
        }
        Instant at = from.plus(SCHEDULED_SYNC_INTERVAL);
        SimJob job = new SimJob(SimIds.uuid(), connection.connectionId(), DATA_SYNC_ALL, SimJob.SCHEDULED, "pending",
                null, from, at, null, null, at, at.plus(config.jobDuration()));
        return jobs.insert(tx, job);
    }

    Uni<Void> configure(SimConnection connection, String type, String completionStatus) {
        return jobs.configure(database, connection.connectionId(), type, completionStatus);
    }

    Uni<List<Map<String, Object>>> configuration(SimConnection connection) {
        return jobs.configuration(database, connection.connectionId())
                .map(rows -> {
                    Map<String, String> byType = new LinkedHashMap<>();
                    byType.put(DATA_SYNC_ALL, "complete");
                    rows.forEach(row -> byType.put(row[0], row[1]));
                    return byType.entrySet().stream()
                            .map(entry -> Map.<String, Object>of("type", entry.getKey(),
                                    "completion_status", entry.getValue()))
                            .toList();
                });
    }

    /** {@code _sim}: the connection's forced jobs end now (with their configured status) instead of later. */
    Uni<List<String>> finishNow(String connectionId) {
        Instant now = clock.instant();
        return jobs.makeDueNow(database, connectionId, now)
                .chain(() -> progressDueJobs())
                .map(finished -> finished.stream().filter(job -> job.connectionId().equals(connectionId))
                        .map(SimJob::jobId).toList());
    }

    /** Timers do the prompt work; this catches what they missed (a restart, a lost timer). */
    @Scheduled(every = "${simulator.sweep-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        // A sweep that overlaps a stop (its pool closing) is caught by the next one.
        return progressDueJobs()
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("Finch simulator: job sweep failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    void resumeAfterRestart(@Observes StartupEvent started) {
        timers.after(Duration.ofSeconds(1), "job sweep after start", this::progressDueJobs);
    }

    private void requireCreatable(SimConnection connection, String type, JsonNode params) {
        SimAuth.requireHealthy(connection);
        if (type == null || !TYPES.contains(type)) {
            throw FinchSimError.invalidRequest("type must be one of " + TYPES);
        }
        if (connection.isAssisted()) {
            throw FinchSimError.invalidRequest("Automated jobs are not available for assisted connections");
        }
        if (!DATA_SYNC_ALL.equals(type) && (params == null || !params.hasNonNull("individual_id"))) {
            throw FinchSimError.invalidRequest("params.individual_id is required for " + type);
        }
    }

    private Uni<Created> alreadyQueued(SqlClient tx, SimConnection connection, SimJob queued, Instant now) {
        return remaining(tx, connection, queued.type(), now)
                .map(remaining -> new Created(202, creationBody(queued.jobId(), remaining), queued));
    }

    private Uni<Created> createWithinQuota(SqlClient tx, SimConnection connection, String type, JsonNode params,
            Instant now) {
        return jobs.forcedSince(tx, connection.connectionId(), type, now.minus(QUOTA_WINDOW))
                .chain(used -> {
                    if (DATA_SYNC_ALL.equals(type) && used.size() >= config.jobRefreshesPerHour()) {
                        throw quotaExceeded(used.get(0).plus(QUOTA_WINDOW));
                    }
                    SimJob job = newJob(connection, type, params, now);
                    int remaining = DATA_SYNC_ALL.equals(type)
                            ? config.jobRefreshesPerHour() - used.size() - 1
                            : config.jobRefreshesPerHour();
                    return jobs.insert(tx, job).replaceWith(new Created(201, creationBody(job.jobId(), remaining), job));
                });
    }

    private Uni<Integer> remaining(SqlClient tx, SimConnection connection, String type, Instant now) {
        return jobs.forcedSince(tx, connection.connectionId(), type, now.minus(QUOTA_WINDOW))
                .map(used -> Math.max(0, config.jobRefreshesPerHour() - used.size()));
    }

    private SimJob newJob(SimConnection connection, String type, JsonNode params, Instant now) {
        JsonObject storedParams = params == null || params.isNull() ? null : new JsonObject(params.toString());
        Duration duration = connection.jobDurationMs() != null ? Duration.ofMillis(connection.jobDurationMs())
                : config.jobDuration();
        return new SimJob(SimIds.uuid(), connection.connectionId(), type, SimJob.MANUAL, "pending", storedParams, now,
                now, null, null, now.plus(duration.dividedBy(2)), now.plus(duration));
    }

    private FinchSimError quotaExceeded(Instant retryAt) {
        return new FinchSimError(429, "rate_limit_exceeded_error", null,
                "This connection has used its forced refreshes for the hour; retry at " + retryAt)
                .with("allowed_refreshes", config.jobRefreshesPerHour())
                .with("remaining_refreshes", 0)
                .with("retry_at", retryAt.toString());
    }

    private Map<String, Object> creationBody(String jobId, int remaining) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allowed_refreshes", config.jobRefreshesPerHour());
        body.put("remaining_refreshes", Math.max(0, remaining));
        body.put("job_id", jobId);
        body.put("job_url", jobUrl(jobId));
        return body;
    }

    private String jobUrl(String jobId) {
        return config.publicBaseUrl() + "/finch-sim/jobs/automated/" + jobId;
    }

    private void scheduleProgress(SimJob job) {
        timers.at(job.startsAt(), "job start", this::progressDueJobs);
        timers.at(job.completesAt(), "job completion", this::progressDueJobs);
    }

    /** Moves every due job on; answers the jobs that ended. */
    private Uni<List<SimJob>> progressDueJobs() {
        Instant now = clock.instant();
        return database.withTransaction(tx -> jobs.startDue(tx, now).chain(() -> jobs.completeDue(tx, now)))
                .call(completed -> Multi.createFrom().iterable(completed)
                        .onItem().transformToUniAndConcatenate(this::afterCompletion)
                        .collect().last());
    }

    /** The sync's effect on the connection, the next daily sync, and the webhook announcing the end. */
    private Uni<Void> afterCompletion(SimJob job) {
        Instant now = clock.instant();
        LOG.debugf("Finch simulator: job %s (%s) ended %s", job.jobId(), job.type(), job.status());
        return database.withTransaction(tx -> connections.find(tx, job.connectionId())
                        .call(connection -> "complete".equals(job.status())
                                ? connections.recordSuccessfulSync(tx, job.connectionId(), now)
                                : Uni.createFrom().voidItem())
                        .call(connection -> SimJob.SCHEDULED.equals(job.trigger())
                                ? scheduleDailySync(tx, connection, nextSyncBase(job, now))
                                : Uni.createFrom().voidItem()))
                .chain(connection -> connection == null || connection.isDisconnected() ? Uni.createFrom().voidItem()
                        : webhooks.connectionEvent(connection, "job." + job.type() + ".completed",
                                json.mapper().createObjectNode()
                                        .put("job_id", job.jobId())
                                        .put("job_url", jobUrl(job.jobId()))));
    }

    /** A local run that was off for days schedules the next sync from now, not a string of overdue ones. */
    private static Instant nextSyncBase(SimJob job, Instant now) {
        Instant usual = job.scheduledAt() == null ? now : job.scheduledAt();
        return usual.plus(SCHEDULED_SYNC_INTERVAL).isBefore(now) ? now : usual;
    }
}
