package com.acme.finchconnections.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Sends webhooks the way Finch does: signed ({@link WebhookSigner}), POSTed as JSON with {@code Finch-Event-Id},
 * {@code Finch-Timestamp} and {@code Finch-Signature}, and retried on anything but a 2xx on Finch's schedule
 * (compressed by {@code simulator.webhook-retry-compression}). Each attempt is signed afresh at its own time, as
 * Finch's delivery service does. Sends only when told: a {@code _sim} call, a sandbox status change, a job's end.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimWebhooks {

    private static final Logger LOG = Logger.getLogger(SimWebhooks.class);

    /** One event to send; {@code eventId} and {@code fixedTimestamp} are normally left to the simulator. */
    record Event(String eventType, String connectionId, String accountId, String companyId, String entityId,
            JsonNode data, String eventId, Long fixedTimestamp) {
    }

    /** How to send a batch: extra copies of each event, a delay, an order, a target, or only sign and return it. */
    record Options(int duplicates, Duration delay, String order, String url, boolean deliver) {

        static Options single() {
            return new Options(0, Duration.ZERO, "as_given", null, true);
        }
    }

    /** What was (or would be) sent. Headers only for events signed without delivery. */
    record Sent(String eventId, int deliveryNo, String eventType, String url, String body, Map<String, String> headers) {
    }

    private final SimulatorConfig config;
    private final WebhookSecrets secrets;
    private final DeliveryStore deliveries;
    private final SimTimers timers;
    private final SimJson json;
    private final Pool database;
    private final Clock clock;
    private final HttpClient http;

    public SimWebhooks(SimulatorConfig config, WebhookSecrets secrets, DeliveryStore deliveries, SimTimers timers,
            SimJson json, Pool database, Clock clock, Vertx vertx) {
        this.config = config;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.timers = timers;
        this.json = json;
        this.database = database;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.webhookTimeout().toMillis()));
    }

    /** One event about a connection, to its webhook target: sandbox status changes and finished jobs. */
    Uni<Void> connectionEvent(SimConnection connection, String eventType, JsonNode data) {
        Event event = new Event(eventType, connection.connectionId(), connection.accountId(), connection.companyId(),
                null, data, null, null);
        return send(List.of(event), Options.single(), connection.webhookUrl()).replaceWithVoid();
    }

    /**
     * Sends a batch: every event plus {@code duplicates} copies under the same event id, in the order asked
     * ({@code as_given}, {@code reverse}, {@code shuffle}), one after another after {@code delay}. With
     * {@code deliver=false} the events are only signed and returned.
     */
    Uni<List<Sent>> send(List<Event> events, Options options, String connectionUrl) {
        String url = options.url() != null ? options.url() : connectionUrl != null ? connectionUrl : config.webhookUrl();
        List<DeliveryStore.Delivery> planned = plan(events, options, url);
        if (!options.deliver()) {
            return Uni.createFrom().item(planned.stream().map(this::signedNow).toList());
        }
        return Multi.createFrom().iterable(planned)
                .onItem().transformToUniAndConcatenate(delivery -> deliveries.insert(database, delivery))
                .collect().last()
                .invoke(() -> timers.after(options.delay(), "webhook batch", () -> deliverInOrder(planned)))
                .replaceWith(planned.stream().map(delivery -> new Sent(delivery.eventId(), delivery.deliveryNo(),
                        delivery.eventType(), delivery.url(), delivery.body(), Map.of())).toList());
    }

    Uni<List<DeliveryStore.Delivery>> deliveriesFor(String connectionId) {
        return deliveries.forConnection(database, connectionId);
    }

    /** After a restart: continue the retries that were pending. */
    void resumePending(@Observes StartupEvent started) {
        deliveries.pending(database).subscribe().with(
                pending -> pending.forEach(delivery -> timers.at(delivery.nextAttemptAt(), "webhook retry",
                        () -> attempt(delivery))),
                failure -> LOG.debugf("Finch simulator: no pending webhooks resumed (%s)", failure.getMessage()));
    }

    private List<DeliveryStore.Delivery> plan(List<Event> events, Options options, String url) {
        Instant now = clock.instant();
        List<DeliveryStore.Delivery> planned = new ArrayList<>();
        for (Event event : events) {
            String eventId = event.eventId() != null ? event.eventId() : SimIds.eventId();
            String body = envelope(event);
            for (int copy = 0; copy <= options.duplicates(); copy++) {
                planned.add(new DeliveryStore.Delivery(eventId, copy, event.connectionId(), event.eventType(), url,
                        body, event.fixedTimestamp(), 0, null, null, null, now.plus(options.delay()), now));
            }
        }
        switch (options.order() == null ? "as_given" : options.order()) {
            case "reverse" -> Collections.reverse(planned);
            case "shuffle" -> Collections.shuffle(planned);
            default -> {
            }
        }
        return planned;
    }

    /** Finch's envelope, members in the order Finch's own examples show. */
    private String envelope(Event event) {
        ObjectNode body = json.mapper().createObjectNode();
        if (event.accountId() != null) {
            body.put("account_id", event.accountId());
        }
        if (event.companyId() != null) {
            body.put("company_id", event.companyId());
        }
        body.put("connection_id", event.connectionId());
        if (event.entityId() != null) {
            body.put("entity_id", event.entityId());
        }
        body.put("event_type", event.eventType());
        body.set("data", event.data() == null ? json.mapper().createObjectNode() : event.data());
        return json.write(body);
    }

    private Sent signedNow(DeliveryStore.Delivery delivery) {
        long timestamp = delivery.fixedTimestamp() != null ? delivery.fixedTimestamp() : clock.instant().getEpochSecond();
        return new Sent(delivery.eventId(), delivery.deliveryNo(), delivery.eventType(), delivery.url(), delivery.body(),
                headers(delivery, timestamp));
    }

    private Map<String, String> headers(DeliveryStore.Delivery delivery, long timestamp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("finch-event-id", delivery.eventId());
        headers.put("finch-timestamp", String.valueOf(timestamp));
        headers.put("finch-signature",
                WebhookSigner.header(secrets.signingSecrets(), delivery.eventId(), timestamp, delivery.body()));
        return headers;
    }

    /** First attempts strictly one after another, so the receiver sees the batch in the planned order. */
    private Uni<Void> deliverInOrder(List<DeliveryStore.Delivery> planned) {
        return Multi.createFrom().iterable(planned)
                .onItem().transformToUniAndConcatenate(this::attempt)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> attempt(DeliveryStore.Delivery delivery) {
        Map<String, String> headers = headers(delivery, delivery.fixedTimestamp() != null ? delivery.fixedTimestamp()
                : clock.instant().getEpochSecond());
        return post(delivery.url(), headers, delivery.body())
                .map(status -> new AttemptResult(status, null))
                .onFailure().recoverWithItem(failure -> new AttemptResult(null, failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())))
                .chain(result -> record(delivery, result));
    }

    private record AttemptResult(Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private Uni<Void> record(DeliveryStore.Delivery delivery, AttemptResult result) {
        Instant now = clock.instant();
        int attemptsMade = delivery.attempts() + 1;
        List<Duration> schedule = config.webhookRetrySchedule();
        Instant next = !result.delivered() && attemptsMade < schedule.size()
                ? now.plus(compressed(schedule.get(attemptsMade)))
                : null;
        if (!result.delivered()) {
            LOG.debugf("Finch simulator: webhook %s (%s) attempt %d got %s%s", delivery.eventId(),
                    delivery.eventType(), attemptsMade, result.status() != null ? result.status() : result.error(),
                    next == null ? ", giving up" : ", retrying");
        }
        DeliveryStore.Delivery attempted = new DeliveryStore.Delivery(delivery.eventId(), delivery.deliveryNo(),
                delivery.connectionId(), delivery.eventType(), delivery.url(), delivery.body(),
                delivery.fixedTimestamp(), attemptsMade, result.status(), result.error(),
                result.delivered() ? now : null, next, delivery.createdAt());
        return deliveries.recordAttempt(database, delivery, result.status(), result.error(),
                        result.delivered() ? now : null, next)
                .invoke(() -> {
                    if (next != null) {
                        timers.at(next, "webhook retry", () -> attempt(attempted));
                    }
                });
    }

    private Duration compressed(Duration wait) {
        double factor = config.webhookRetryCompression() <= 0 ? 1 : config.webhookRetryCompression();
        return Duration.ofMillis(Math.round(wait.toMillis() / factor));
    }

    private Uni<Integer> post(String url, Map<String, String> headers, String body) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setTimeout(config.webhookTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "finch-simulator");
        headers.forEach((name, value) -> request.putHeader(name, value));
        return http.request(request)
                .chain(outgoing -> outgoing.send(body))
                .chain(response -> response.body().map(ignored -> response.statusCode()));
    }
}
