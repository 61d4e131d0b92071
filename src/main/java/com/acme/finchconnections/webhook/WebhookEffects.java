package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.outbox.Outbox;
import com.acme.finchconnections.connection.AuthenticationMethodStatus;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.ConnectionEvent;
import com.acme.finchconnections.connection.ConnectionStatuses;
import com.acme.finchconnections.connection.ProductActivity;
import com.acme.finchconnections.connection.StatusChangedMessage;
import com.acme.finchconnections.connection.StatusObservation;
import com.acme.finchconnections.connection.StatusRule;
import com.acme.finchconnections.job.JobFacts;
import com.acme.finchconnections.job.JobHistory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * What one webhook event does to its connection. Runs inside the caller's transaction with the connection row
 * locked, so the effect, its audit row and the event's inbox row commit together. The connection is changed in
 * memory; what the event leaves to store (exactly one audit row, a status message, a product's activity) is
 * returned, so the caller stores a whole batch's in a few statements ({@link ConnectionEvent#insertAll},
 * {@link com.acme.finchconnections.common.outbox.Outbox#enqueueAll}, {@link ProductActivity#recordAll}). Only
 * job events touch the database here (the job history).
 */
@ApplicationScoped
public class WebhookEffects {

    public static final String CAUSE = "webhook";

    private final StatusRule statusRule;
    private final JobHistory jobHistory;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookEffects(StatusRule statusRule, JobHistory jobHistory, Outbox outbox, ObjectMapper json,
            Clock clock) {
        this.statusRule = statusRule;
        this.jobHistory = jobHistory;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What an applied event did: its outcome for the inbox (a short description, no secrets), and what the caller
     * stores: its audit row, the status change to announce (or null), the product activity (or null).
     */
    public record Applied(String outcome, ConnectionEvent audit, StatusChangedMessage change,
            ProductActivity activity) {

        static Applied recorded(String outcome, ConnectionEvent audit) {
            return new Applied(outcome, audit, null, null);
        }
    }

    public Uni<Applied> apply(WebhookEvent event, Connection connection, JobFacts facts) {
        return switch (event.kind()) {
            case STATUS -> applyStatus(event, connection);
            case JOB -> applyJob(event, connection, facts);
            case DATA -> Uni.createFrom().item(applyDataChange(event, connection));
            case OTHER -> Uni.createFrom().item(Applied.recorded("recorded", audit(event, connection, null)));
        };
    }

    /**
     * Stores what a batch of applied events left, in apply order: one statement each for the audit rows, the
     * status messages and the product activity, however many events. Must run inside the caller's transaction.
     */
    public Uni<Void> storeAll(List<Applied> applied) {
        List<ConnectionEvent> audits = new ArrayList<>(applied.size());
        List<Outbox.Keyed> changes = new ArrayList<>();
        List<ProductActivity> activity = new ArrayList<>();
        for (Applied one : applied) {
            audits.add(one.audit());
            if (one.change() != null) {
                changes.add(new Outbox.Keyed(one.change().connectionId(), one.change()));
            }
            if (one.activity() != null) {
                activity.add(one.activity());
            }
        }
        return ConnectionEvent.insertAll(audits)
                .chain(() -> outbox.enqueueAll(StatusRule.STATUS_TOPIC, changes))
                .chain(() -> ProductActivity.recordAll(activity));
    }

    /** An event that needs no connection, for a connection this service does not know: only the inbox has it. */
    public static String recordedWithoutConnection() {
        return "recorded (no known connection)";
    }

    private Uni<Applied> applyStatus(WebhookEvent event, Connection connection) {
        String status = ConnectionStatuses.normalize(event.dataText("status"));
        boolean newest = StatusRule.isNotOlder(event.finchTimestamp(), connection);
        JsonNode method = event.data() == null ? null : event.data().get("authentication_method");
        ObjectNode details = json.createObjectNode();
        details.set("authentication_method", method);
        details.put("entity_id", event.entityId());
        StatusObservation observation = new StatusObservation(status, event.dataText("message"),
                event.finchTimestamp(), CAUSE, event.eventId(), event.eventType(), details);
        StatusRule.Outcome outcome = statusRule.decide(connection, observation);
        if (newest) {
            updateAuthenticationMethod(connection, methodType(method), status, event.dataText("message"));
        }
        String description = outcome.change().isPresent()
                ? "status " + outcome.change().get().previousStatus() + " -> " + status
                : newest ? "status " + status + " (unchanged)" : "status " + status + " (older, not applied)";
        return Uni.createFrom().item(new Applied(description, outcome.audit(), outcome.change().orElse(null), null));
    }

    /** {@code authentication_method} is an object {@code {type, …}} in Finch's SDKs and a plain string in its docs. */
    static String methodType(JsonNode method) {
        if (method == null || method.isNull()) {
            return null;
        }
        if (method.isTextual()) {
            return method.asText().isBlank() ? null : method.asText();
        }
        JsonNode type = method.get("type");
        return type != null && type.isTextual() && !type.asText().isBlank() ? type.asText() : null;
    }

    private void updateAuthenticationMethod(Connection connection, String type, String status, String message) {
        if (type == null) {
            return;
        }
        List<AuthenticationMethodStatus> methods = new ArrayList<>();
        boolean found = false;
        for (AuthenticationMethodStatus method : connection.authenticationMethods) {
            if (type.equals(method.type())) {
                methods.add(new AuthenticationMethodStatus(type, status, message, method.lastSuccessfulSync(),
                        method.products()));
                found = true;
            } else {
                methods.add(method);
            }
        }
        if (!found) {
            methods.add(new AuthenticationMethodStatus(type, status, message, null, List.of()));
        }
        // A new list, so the JSON column is seen as changed.
        connection.authenticationMethods = methods;
    }

    private Uni<Applied> applyJob(WebhookEvent event, Connection connection, JobFacts facts) {
        String jobId = event.dataText("job_id");
        String jobType = WebhookEventKind.jobType(event.eventType());
        return jobHistory.applyJobEvent(connection, jobId, jobType,
                WebhookEventKind.jobSucceeded(event.eventType()), event.finchTimestamp(), facts)
                .map(outcome -> Applied.recorded("job " + outcome.jobId() + " " + outcome.status(),
                        audit(event, connection, json.createObjectNode()
                                .put("job_id", outcome.jobId())
                                .put("job_type", outcome.type())
                                .put("job_status", outcome.status()))));
    }

    private Applied applyDataChange(WebhookEvent event, Connection connection) {
        String product = WebhookEventKind.product(event.eventType());
        return new Applied("product " + product + " changed",
                audit(event, connection, json.createObjectNode().put("product", product)), null,
                new ProductActivity(connection.connectionId, product, event.finchTimestamp()));
    }

    private ConnectionEvent audit(WebhookEvent event, Connection connection, JsonNode details) {
        ConnectionEvent audit = new ConnectionEvent();
        audit.connectionId = connection.connectionId;
        audit.eventId = event.eventId();
        audit.eventType = event.eventType();
        audit.cause = CAUSE;
        audit.finchTimestamp = event.finchTimestamp();
        audit.appliedAt = Instant.now(clock);
        audit.statusChanged = false;
        audit.details = details;
        return audit;
    }
}
