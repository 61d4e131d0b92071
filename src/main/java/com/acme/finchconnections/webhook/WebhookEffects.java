package com.acme.finchconnections.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.connection.AuthenticationMethodStatus;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.ConnectionEvent;
import com.acme.finchconnections.connection.ConnectionStatuses;
import com.acme.finchconnections.connection.StatusObservation;
import com.acme.finchconnections.connection.StatusRule;
import com.acme.finchconnections.job.JobFacts;
import com.acme.finchconnections.job.JobHistory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What one webhook event does to its connection. Runs inside the caller's transaction with the connection row
 * locked, so the effect, its audit row and the event's inbox row commit together. Every applied event leaves
 * exactly one audit row, which the caller stores with the rest of its batch ({@link ConnectionEvent#insertAll}).
 */
@ApplicationScoped
public class WebhookEffects {

    public static final String CAUSE = "webhook";

    private final StatusRule statusRule;
    private final JobHistory jobHistory;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookEffects(StatusRule statusRule, JobHistory jobHistory, ObjectMapper json, Clock clock) {
        this.statusRule = statusRule;
        this.jobHistory = jobHistory;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What an applied event did: its outcome for the inbox (a short description, no secrets) and its audit row,
     * not yet stored.
     */
    public record Applied(String outcome, ConnectionEvent audit) {
    }

    public Uni<Applied> apply(WebhookEvent event, Connection connection, JobFacts facts) {
        return switch (event.kind()) {
            case STATUS -> applyStatus(event, connection);
            case JOB -> applyJob(event, connection, facts);
            case DATA -> applyDataChange(event, connection);
            case OTHER -> Uni.createFrom().item(new Applied("recorded", audit(event, connection, null)));
        };
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
        return statusRule.applyLeavingAudit(connection, observation)
                .invoke(() -> {
                    if (newest) {
                        updateAuthenticationMethod(connection, methodType(method), status, event.dataText("message"));
                    }
                })
                .map(outcome -> new Applied(outcome.change().isPresent()
                        ? "status " + outcome.change().get().previousStatus() + " -> " + status
                        : newest ? "status " + status + " (unchanged)" : "status " + status + " (older, not applied)",
                        outcome.audit()));
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
                .map(outcome -> new Applied("job " + outcome.jobId() + " " + outcome.status(),
                        audit(event, connection, json.createObjectNode()
                                .put("job_id", outcome.jobId())
                                .put("job_type", outcome.type())
                                .put("job_status", outcome.status()))));
    }

    private Uni<Applied> applyDataChange(WebhookEvent event, Connection connection) {
        String product = WebhookEventKind.product(event.eventType());
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into connection_product_activity (connection_id, product, last_changed_at)
                        values (:connection, :product, :changed)
                        on conflict (connection_id, product) do update
                        set last_changed_at = greatest(connection_product_activity.last_changed_at,
                                                       excluded.last_changed_at)""")
                        .setParameter("connection", connection.connectionId)
                        .setParameter("product", product)
                        .setParameter("changed", event.finchTimestamp())
                        .executeUpdate())
                .map(updated -> new Applied("product " + product + " changed",
                        audit(event, connection, json.createObjectNode().put("product", product))));
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
