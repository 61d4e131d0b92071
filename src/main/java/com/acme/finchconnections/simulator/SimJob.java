package com.acme.finchconnections.simulator;

import java.time.Instant;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** An automated job as the simulator keeps it. */
record SimJob(
        String jobId,
        String connectionId,
        String type,
        String trigger,
        String status,
        JsonObject params,
        Instant createdAt,
        Instant scheduledAt,
        Instant startedAt,
        Instant completedAt,
        Instant startsAt,
        Instant completesAt) {

    static final String MANUAL = "manual";
    static final String SCHEDULED = "scheduled";

    static SimJob from(Row row) {
        Object params = row.getValue("params");
        return new SimJob(row.getString("job_id"), row.getString("connection_id"), row.getString("type"),
                row.getString("trigger"), row.getString("status"), params instanceof JsonObject json ? json : null,
                SimRows.instant(row, "created_at"), SimRows.instant(row, "scheduled_at"),
                SimRows.instant(row, "started_at"), SimRows.instant(row, "completed_at"),
                SimRows.instant(row, "starts_at"), SimRows.instant(row, "completes_at"));
    }
}
