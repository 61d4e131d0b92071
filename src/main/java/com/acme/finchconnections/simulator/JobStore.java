package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The simulator's automated jobs and each connection's sandbox job configuration. */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class JobStore {

    Uni<Void> insert(SqlClient client, SimJob job) {
        return client.preparedQuery("""
                insert into sim_job (job_id, connection_id, type, trigger, status, params, created_at, scheduled_at,
                    starts_at, completes_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                .execute(Tuple.from(new Object[] { job.jobId(), job.connectionId(), job.type(), job.trigger(),
                        job.status(), job.params(), SimRows.at(job.createdAt()), SimRows.at(job.scheduledAt()),
                        SimRows.at(job.startsAt()), SimRows.at(job.completesAt()) }))
                .replaceWithVoid();
    }

    /** A forced job of this type that has not finished: Finch answers 202 with it instead of queueing another. */
    Uni<SimJob> findQueued(SqlClient client, String connectionId, String type) {
        return client.preparedQuery("""
                select * from sim_job
                where connection_id = $1 and type = $2 and trigger = 'manual' and completed_at is null
                order by created_at desc limit 1""")
                .execute(Tuple.of(connectionId, type))
                .map(rows -> SimRows.first(rows, SimJob::from));
    }

    /** When the forced jobs of the last hour were created, oldest first: they use up the hourly quota. */
    Uni<List<Instant>> forcedSince(SqlClient client, String connectionId, String type, Instant since) {
        return client.preparedQuery("""
                select created_at from sim_job
                where connection_id = $1 and type = $2 and trigger = 'manual' and created_at > $3
                order by created_at""")
                .execute(Tuple.of(connectionId, type, SimRows.at(since)))
                .map(rows -> SimRows.all(rows, row -> SimRows.instant(row, "created_at")));
    }

    Uni<SimJob> find(SqlClient client, String connectionId, String jobId) {
        return client.preparedQuery("select * from sim_job where connection_id = $1 and job_id = $2")
                .execute(Tuple.of(connectionId, jobId))
                .map(rows -> SimRows.first(rows, SimJob::from));
    }

    /** Newest first. Only the next scheduled sync exists as an unfinished scheduled row, as Finch shows it. */
    Uni<List<SimJob>> list(SqlClient client, String connectionId, int limit, int offset) {
        return client.preparedQuery("""
                select * from sim_job where connection_id = $1
                order by created_at desc, job_id desc limit $2 offset $3""")
                .execute(Tuple.of(connectionId, limit, offset))
                .map(rows -> SimRows.all(rows, SimJob::from));
    }

    /** Makes the connection's unfinished forced jobs due now. */
    Uni<Void> makeDueNow(SqlClient client, String connectionId, Instant now) {
        return client.preparedQuery("""
                update sim_job set starts_at = least(starts_at, $2), completes_at = $2
                where connection_id = $1 and trigger = 'manual' and completed_at is null""")
                .execute(Tuple.of(connectionId, SimRows.at(now)))
                .replaceWithVoid();
    }

    Uni<Integer> startDue(SqlClient client, Instant now) {
        return client.preparedQuery("""
                update sim_job set status = 'in_progress', started_at = starts_at
                where completed_at is null and status = 'pending' and starts_at <= $1""")
                .execute(Tuple.of(SimRows.at(now)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Finishes due jobs with the connection's configured completion status. Row locks make each job finish
     * exactly once even when a timer and the sweeper race: the loser no longer matches {@code completed_at is null}.
     */
    Uni<List<SimJob>> completeDue(SqlClient client, Instant now) {
        return client.preparedQuery("""
                update sim_job j set
                    status = coalesce((select c.completion_status from sim_job_configuration c
                                       where c.connection_id = j.connection_id and c.type = j.type), 'complete'),
                    started_at = coalesce(j.started_at, j.starts_at),
                    completed_at = $1
                where j.completed_at is null and j.completes_at <= $1
                returning j.*""")
                .execute(Tuple.of(SimRows.at(now)))
                .map(rows -> SimRows.all(rows, SimJob::from));
    }

    Uni<List<String[]>> configuration(SqlClient client, String connectionId) {
        return client.preparedQuery("select type, completion_status from sim_job_configuration where connection_id = $1")
                .execute(Tuple.of(connectionId))
                .map(rows -> SimRows.all(rows, row -> new String[] { row.getString("type"),
                        row.getString("completion_status") }));
    }

    Uni<Void> configure(SqlClient client, String connectionId, String type, String completionStatus) {
        return client.preparedQuery("""
                insert into sim_job_configuration (connection_id, type, completion_status) values ($1, $2, $3)
                on conflict (connection_id, type) do update set completion_status = excluded.completion_status""")
                .execute(Tuple.of(connectionId, type, completionStatus))
                .replaceWithVoid();
    }
}
