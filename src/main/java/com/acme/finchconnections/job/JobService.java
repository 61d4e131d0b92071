package com.acme.finchconnections.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.TokenVault;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.FinchException;
import com.acme.finchconnections.finch.FinchJob;
import com.acme.finchconnections.finch.JobCreation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** A connection's job history, and forcing a data sync through Finch. */
@ApplicationScoped
public class JobService {

    private final FinchApi finch;
    private final TokenVault vault;
    private final JobHistory history;
    private final Clock clock;

    public JobService(FinchApi finch, TokenVault vault, JobHistory history, Clock clock) {
        this.finch = finch;
        this.vault = vault;
        this.history = history;
        this.clock = clock;
    }

    /** Newest first (by Finch's created_at; jobs Finch has not dated yet come last). */
    @WithSession
    public Uni<Page<JobView>> list(String connectionId, PageRequest page) {
        return requireConnection(connectionId)
                .chain(() -> page.first()
                        ? Job.<Job>find("connectionId = ?1 order by createdAt desc nulls last, jobId desc",
                                connectionId).range(0, page.fetchSize() - 1).list()
                        : after(connectionId, page))
                .map(rows -> Page.of(rows, page.limit(), JobService::cursor).map(JobView::from));
    }

    /**
     * Asks Finch for a data sync now. Finch answers with the queued job when one is already waiting (no quota
     * used); a spent quota is the caller's 429 with Finch's {@code retry_at}. The job is recorded only after
     * Finch accepted it.
     */
    public Uni<JobView> create(String connectionId, CreateJobRequest request) {
        return Panache.withSession(() -> requireConnection(connectionId).chain(() -> vault.currentToken(connectionId)))
                .chain(token -> token.isEmpty()
                        ? Uni.createFrom().failure(Problems.conflict("no-access-token",
                                "Connection " + connectionId + " has no usable access token").with("connection_id",
                                        connectionId))
                        : createAtFinch(token.get(), request.type()))
                .chain(job -> Panache.withTransaction(() -> history.upsert(connectionId, List.of(job)))
                        .map(rows -> rows.stream().filter(row -> row.jobId.equals(job.jobId())).findFirst()
                                .orElseThrow()))
                .map(JobView::from);
    }

    private Uni<FinchJob> createAtFinch(String token, String type) {
        return finch.createJob(token, type)
                .onFailure(JobService::isQuotaRefusal)
                .transform(failure -> quotaSpent(((FinchException) failure).retryAt(),
                        ((FinchException) failure).retryAfter()))
                .chain(created -> {
                    if (created.jobId() == null && created.retryAt() != null) {
                        return Uni.createFrom().failure(quotaSpent(created.retryAt(), null));
                    }
                    // Finch's creation answer has only ids: its view of the job tells type, status and times.
                    return finch.getJob(token, created.jobId())
                            .onFailure().recoverWithItem(() -> justCreated(created, type));
                });
    }

    private FinchJob justCreated(JobCreation created, String type) {
        return new FinchJob(created.jobId(), created.jobUrl(), type, "pending", Instant.now(clock), null, null, null,
                null);
    }

    /** Finch's job quota (one forced refresh per hour per connection) is not its API rate limit (503). */
    private static boolean isQuotaRefusal(Throwable failure) {
        return failure instanceof FinchException finchFailure && finchFailure.isJobQuotaExceeded();
    }

    private ProblemException quotaSpent(Instant retryAt, Duration retryAfter) {
        long seconds = retryAt != null
                ? Math.max(1, Duration.between(Instant.now(clock), retryAt).toSeconds() + 1)
                : retryAfter != null ? Math.max(1, retryAfter.toSeconds()) : 3600;
        return new ProblemException(429, Problems.type("job-quota-exceeded"), "Job quota exceeded",
                "Finch allows one forced data sync per hour per connection")
                .with("retry_at", retryAt != null ? retryAt : Instant.now(clock).plusSeconds(seconds))
                .withHeader("Retry-After", String.valueOf(seconds));
    }

    private static Uni<Void> requireConnection(String connectionId) {
        return Connection.count("connectionId", connectionId)
                .chain(count -> count == 0
                        ? Uni.createFrom().failure(Problems.notFound("Connection", connectionId))
                        : Uni.createFrom().voidItem());
    }

    private static Uni<List<Job>> after(String connectionId, PageRequest page) {
        String createdAt = page.afterPart(0);
        String jobId = page.afterPart(1);
        if (createdAt.isEmpty()) {
            return Job.<Job>find("connectionId = :connection and createdAt is null and jobId < :job "
                    + "order by jobId desc", Parameters.with("connection", connectionId).and("job", jobId))
                    .range(0, page.fetchSize() - 1).list();
        }
        Instant created;
        try {
            created = Instant.parse(createdAt);
        } catch (RuntimeException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
        return Job.<Job>find("connectionId = :connection and (createdAt < :created "
                + "or (createdAt = :created and jobId < :job) or createdAt is null) "
                + "order by createdAt desc nulls last, jobId desc",
                Parameters.with("connection", connectionId).and("created", created).and("job", jobId))
                .range(0, page.fetchSize() - 1).list();
    }

    private static String cursor(Job job) {
        return PageRequest.cursor(job.createdAt == null ? "" : job.createdAt.toString(), job.jobId);
    }
}
