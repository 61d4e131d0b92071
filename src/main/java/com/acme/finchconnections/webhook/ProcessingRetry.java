package com.acme.finchconnections.webhook;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

/**
 * Retries a batch for as long as the database is failing: the offset is not committed meanwhile, so nothing is
 * skipped and nothing is lost; later events wait behind the failing one (order holds). Only a database error
 * caused by the data itself (SQLSTATE class 22, e.g. a character PostgreSQL cannot store) is given up on,
 * because retrying it can never succeed.
 */
@ApplicationScoped
public class ProcessingRetry {

    private static final Logger LOG = Logger.getLogger(ProcessingRetry.class);

    private final Vertx vertx;
    private final WebhookProcessingConfig config;

    public ProcessingRetry(Vertx vertx, WebhookProcessingConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    public <T> Uni<T> untilDone(String what, Supplier<Uni<T>> work) {
        return attempt(what, work, 1);
    }

    private <T> Uni<T> attempt(String what, Supplier<Uni<T>> work, int attempt) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(failure -> dataError(failure).isEmpty())
                .recoverWithUni(failure -> {
                    Duration pause = backoff(attempt);
                    if (attempt == 1) {
                        LOG.warnf(failure, "%s failed, trying again in %d ms", what, pause.toMillis());
                    } else {
                        LOG.warnf("%s failed (attempt %d), trying again in %d ms: %s", what, attempt,
                                pause.toMillis(), failure.toString());
                    }
                    return pause(pause).chain(() -> attempt(what, work, attempt + 1));
                });
    }

    /** The SQLSTATE of a database error caused by the data itself, if that is what the failure is. */
    public static Optional<String> dataError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String sqlState = cause instanceof PgException pg ? pg.getSqlState()
                    : cause instanceof SQLException sql ? sql.getSQLState()
                    : null;
            if (sqlState != null && sqlState.startsWith("22")) {
                return Optional.of(sqlState);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    private Duration backoff(int attempt) {
        long millis = config.retryInitialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.retryMaxBackoff().toMillis()));
    }

    /** Waits on a Vert.x timer and resumes on the caller's context, where its database session lives. */
    private Uni<Void> pause(Duration pause) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, pause.toMillis()), id -> {
            if (context == null) {
                emitter.complete(null);
            } else {
                context.runOnContext(ignored -> emitter.complete(null));
            }
        }));
    }
}
