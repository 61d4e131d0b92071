package com.acme.finchconnections.job;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.acme.finchconnections.connection.TokenVault;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.FinchJob;
import com.acme.finchconnections.finch.JobList;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Reads a connection's jobs from Finch with its current access token; never fails, at worst knows nothing. */
@ApplicationScoped
public class FinchJobs {

    private static final Logger LOG = Logger.getLogger(FinchJobs.class);

    private final FinchApi finch;
    private final TokenVault vault;
    private final JobsConfig config;

    public FinchJobs(FinchApi finch, TokenVault vault, JobsConfig config) {
        this.finch = finch;
        this.vault = vault;
        this.config = config;
    }

    /**
     * The named job (when {@code jobId} is given) and the connection's newest jobs, within {@code timeout}.
     * Must not run inside a transaction: Finch may be slow.
     */
    public Uni<JobFacts> fetch(String connectionId, String jobId, Duration timeout) {
        return Panache.withSession(() -> vault.currentToken(connectionId))
                .chain(token -> token.isEmpty()
                        ? Uni.createFrom().item(JobFacts.none())
                        : fetchWith(finch.withDeadline(timeout), connectionId, token.get(), jobId))
                // The deadline bounds Finch's retries; this bounds the whole read, token look-up included.
                .ifNoItem().after(timeout.plusSeconds(1)).recoverWithItem(() -> {
                    LOG.warnf("Finch did not answer about the jobs of connection %s in time", connectionId);
                    return JobFacts.none();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not read the jobs of connection %s: %s", connectionId, failure.toString());
                    return JobFacts.none();
                });
    }

    private Uni<JobFacts> fetchWith(FinchApi finch, String connectionId, String token, String jobId) {
        Uni<Optional<FinchJob>> job = jobId == null
                ? Uni.createFrom().item(Optional.empty())
                : finch.getJob(token, jobId).map(Optional::ofNullable)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Could not read job %s of connection %s from Finch: %s", jobId, connectionId,
                                    failure.toString());
                            return Optional.empty();
                        });
        Uni<Optional<JobList>> recent = finch.listJobs(token, config.historySize(), 0).map(Optional::ofNullable)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not list the jobs of connection %s from Finch: %s", connectionId,
                            failure.toString());
                    return Optional.empty();
                });
        return Uni.combine().all().unis(job, recent).asTuple()
                .map(both -> new JobFacts(both.getItem1().orElse(null), both.getItem2().orElse(null)));
    }
}
