package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;

/** A connection the simulator created (through Connect or the sandbox API). */
record SimConnection(
        String connectionId,
        String customerId,
        String customerName,
        String customerEmail,
        String providerId,
        String authenticationType,
        String connectionType,
        String clientType,
        List<String> products,
        boolean manual,
        String accountId,
        String companyId,
        String entityId,
        String username,
        String status,
        String statusMessage,
        Instant lastSuccessfulSync,
        String webhookUrl,
        Long jobDurationMs,
        Instant createdAt) {

    static SimConnection from(Row row) {
        return new SimConnection(row.getString("connection_id"), row.getString("customer_id"),
                row.getString("customer_name"), row.getString("customer_email"), row.getString("provider_id"),
                row.getString("authentication_type"), row.getString("connection_type"), row.getString("client_type"),
                SimRows.strings(row, "products"), Boolean.TRUE.equals(row.getBoolean("manual")),
                row.getString("account_id"), row.getString("company_id"), row.getString("entity_id"),
                row.getString("username"), row.getString("status"), row.getString("status_message"),
                SimRows.instant(row, "last_successful_sync"), row.getString("webhook_url"),
                row.getLong("job_duration_ms"), SimRows.instant(row, "created_at"));
    }

    boolean isAssisted() {
        return "assisted".equals(authenticationType);
    }

    boolean isDisconnected() {
        return "disconnected".equals(status);
    }
}
