package com.acme.finchconnections.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** What the {@code _sim} controls do beyond Finch's API: webhooks on demand and per-connection webhook targets. */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimControls {

    static final Set<String> ORDERS = Set.of("as_given", "reverse", "shuffle");

    /** One event of a {@code _sim} webhook call; ids and timestamp default to the simulator's own. */
    public record EventSpec(String eventType, JsonNode data, String entityId, String eventId, Long timestamp,
            String accountId, String companyId) {
    }

    /**
     * {@code POST /_sim/connections/{id}/webhooks}: one event (top-level {@code event_type}, {@code data}, …) or a
     * batch ({@code events}); {@code duplicate} extra copies per event (true = 1), {@code delay_ms},
     * {@code order} (as_given, reverse, shuffle), {@code url} (one-off target), {@code deliver=false} to only sign.
     */
    public record WebhookRequest(String eventType, JsonNode data, String entityId, String eventId, Long timestamp,
            String accountId, String companyId, List<EventSpec> events, JsonNode duplicate, Long delayMs,
            String order, String url, Boolean deliver) {
    }

    private final ConnectionStore connections;
    private final SimWebhooks webhooks;
    private final Pool database;

    public SimControls(ConnectionStore connections, SimWebhooks webhooks, Pool database) {
        this.connections = connections;
        this.webhooks = webhooks;
        this.database = database;
    }

    /** Signs and sends (or only signs) events for a connection; an unknown connection id is allowed on purpose. */
    Uni<Map<String, Object>> webhooks(String connectionId, WebhookRequest request) {
        List<EventSpec> specs = request.events() != null && !request.events().isEmpty() ? request.events()
                : List.of(new EventSpec(request.eventType(), request.data(), request.entityId(), request.eventId(),
                        request.timestamp(), request.accountId(), request.companyId()));
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).eventType() == null || specs.get(i).eventType().isBlank()) {
                throw FinchSimError.invalidRequest("event_type is required" + (specs.size() > 1 ? " (events[" + i + "])" : ""));
            }
        }
        if (request.order() != null && !ORDERS.contains(request.order())) {
            throw FinchSimError.invalidRequest("order must be one of " + ORDERS);
        }
        SimWebhooks.Options options = new SimWebhooks.Options(duplicates(request.duplicate()),
                Duration.ofMillis(request.delayMs() == null ? 0 : Math.max(0, request.delayMs())), request.order(),
                request.url(), request.deliver() == null || request.deliver());
        return connections.find(database, connectionId)
                .chain(connection -> webhooks.send(events(connectionId, connection, specs), options,
                        connection == null ? null : connection.webhookUrl()))
                .map(sent -> Map.of("deliveries", sent.stream().map(SimControls::view).toList()));
    }

    Uni<List<Map<String, Object>>> deliveries(String connectionId) {
        return webhooks.deliveriesFor(connectionId)
                .map(list -> list.stream().map(SimControls::view).toList());
    }

    Uni<Void> webhookUrl(String connectionId, String url) {
        return connections.find(database, connectionId)
                .onItem().ifNull().failWith(() -> FinchSimError.notFound("No connection " + connectionId))
                .chain(connection -> connections.setWebhookUrl(database, connectionId, url));
    }

    /** How long this connection's next jobs take (null: {@code simulator.job-duration}). */
    Uni<Void> jobDuration(String connectionId, Long millis) {
        if (millis != null && millis < 0) {
            throw FinchSimError.invalidRequest("duration_ms must not be negative");
        }
        return connections.find(database, connectionId)
                .onItem().ifNull().failWith(() -> FinchSimError.notFound("No connection " + connectionId))
                .chain(connection -> connections.setJobDuration(database, connectionId, millis));
    }

    private static List<SimWebhooks.Event> events(String connectionId, SimConnection connection, List<EventSpec> specs) {
        List<SimWebhooks.Event> events = new ArrayList<>();
        for (EventSpec spec : specs) {
            events.add(new SimWebhooks.Event(spec.eventType(), connectionId,
                    spec.accountId() != null ? spec.accountId() : connection == null ? null : connection.accountId(),
                    spec.companyId() != null ? spec.companyId() : connection == null ? null : connection.companyId(),
                    spec.entityId(), spec.data(), spec.eventId(), spec.timestamp()));
        }
        return events;
    }

    private static int duplicates(JsonNode duplicate) {
        if (duplicate == null || duplicate.isNull()) {
            return 0;
        }
        if (duplicate.isBoolean()) {
            return duplicate.booleanValue() ? 1 : 0;
        }
        return Math.max(0, Math.min(duplicate.asInt(), 20));
    }

    private static Map<String, Object> view(SimWebhooks.Sent sent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event_id", sent.eventId());
        view.put("delivery_no", sent.deliveryNo());
        view.put("event_type", sent.eventType());
        view.put("url", sent.url());
        view.put("body", sent.body());
        if (!sent.headers().isEmpty()) {
            view.put("headers", sent.headers());
        }
        return view;
    }

    private static Map<String, Object> view(DeliveryStore.Delivery delivery) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event_id", delivery.eventId());
        view.put("delivery_no", delivery.deliveryNo());
        view.put("event_type", delivery.eventType());
        view.put("url", delivery.url());
        view.put("body", delivery.body());
        view.put("attempts", delivery.attempts());
        view.put("last_status", delivery.lastStatus());
        view.put("last_error", delivery.lastError());
        view.put("delivered_at", delivery.deliveredAt() == null ? null : delivery.deliveredAt().toString());
        view.put("next_attempt_at", delivery.nextAttemptAt() == null ? null : delivery.nextAttemptAt().toString());
        return view;
    }
}
