package com.acme.finchconnections.webhook;

import java.util.Map;

/** What an event type does to a connection. Finch adds event types: anything unknown is {@link #OTHER}. */
public enum WebhookEventKind {
    /** {@code account.updated}: the connection's (and one auth method's) status. */
    STATUS,
    /** {@code job.<type>.completed}, {@code job.initial_data_sync_<org|payroll>.succeeded}: the job history. */
    JOB,
    /** company, directory, employment, individual, payment, pay_statement events: a product's last change. */
    DATA,
    /** {@code test} and types this service does not know: recorded, nothing else. */
    OTHER;

    public static final String ACCOUNT_UPDATED = "account.updated";

    /** The prefix of a data event's type and the product whose data changed. */
    private static final Map<String, String> PRODUCTS = Map.of(
            "company", "company",
            "directory", "directory",
            "employment", "employment",
            "individual", "individual",
            "payment", "payment",
            "pay_statement", "pay_statement");

    public static WebhookEventKind of(String eventType) {
        if (ACCOUNT_UPDATED.equals(eventType)) {
            return STATUS;
        }
        if (jobType(eventType) != null) {
            return JOB;
        }
        if (product(eventType) != null) {
            return DATA;
        }
        return OTHER;
    }

    /** Events of every kind but {@link #OTHER} need a connection; they wait (parked) until it exists. */
    public boolean needsConnection() {
        return this != OTHER;
    }

    /** {@code job.data_sync_all.completed} → {@code data_sync_all}; null for other event types. */
    public static String jobType(String eventType) {
        if (eventType == null || !eventType.startsWith("job.")) {
            return null;
        }
        String[] parts = eventType.split("\\.");
        if (parts.length != 3 || parts[1].isBlank()) {
            return null;
        }
        return parts[2].equals("completed") || parts[2].equals("succeeded") ? parts[1] : null;
    }

    /** A job event that by its type alone says the job succeeded (the initial syncs). */
    public static boolean jobSucceeded(String eventType) {
        return eventType != null && eventType.startsWith("job.initial_data_sync_") && eventType.endsWith(".succeeded");
    }

    /** {@code pay_statement.created} → {@code pay_statement}; null for other event types. */
    public static String product(String eventType) {
        if (eventType == null) {
            return null;
        }
        int dot = eventType.indexOf('.');
        return dot <= 0 ? null : PRODUCTS.get(eventType.substring(0, dot));
    }
}
