package com.acme.finchconnections.simulator;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Reports what the employer does on the simulated Connect page to the service's
 * {@code POST /api/v1/connect/sessions/{session_id}/events}, as a relaying front end would. Best effort: the
 * service may not know the session (created directly at the simulator) or not have the endpoint yet, and the
 * Connect flow never fails because of it.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SessionEventRelay {

    private static final Logger LOG = Logger.getLogger(SessionEventRelay.class);

    /** One Connect stage, in the contract's shape. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StageEvent(String eventId, String type, Instant occurredAt, String providerId, String authMethod,
            String errorMessage, String errorType) {
    }

    /** What was reported and what the service answered (null when it could not be reached). */
    public record Reported(String sessionId, StageEvent event, Integer status) {
    }

    static final int LOG_CAPACITY = 1000;

    private final SimulatorConfig config;
    private final SimJson json;
    private final HttpClient http;
    private final java.util.Deque<Reported> reported = new java.util.ArrayDeque<>();

    public SessionEventRelay(SimulatorConfig config, SimJson json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.serviceTimeout().toMillis()));
    }

    Uni<Void> report(String sessionId, StageEvent event) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(config.serviceUrl() + "/api/v1/connect/sessions/" + sessionId + "/events")
                .setTimeout(config.serviceTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + config.serviceApiKey());
        return http.request(request)
                .chain(outgoing -> outgoing.send(json.write(event)))
                .chain(response -> response.body().map(ignored -> response.statusCode()))
                .invoke(status -> {
                    if (status < 200 || status >= 300) {
                        LOG.debugf("Finch simulator: session event %s for %s answered %d", event.type(), sessionId,
                                status);
                    }
                })
                .onFailure().invoke(failure -> LOG.debugf("Finch simulator: session event %s for %s not reported: %s",
                        event.type(), sessionId, failure.getMessage()))
                .onFailure().recoverWithNull()
                .invoke(status -> remember(new Reported(sessionId, event, status)))
                .replaceWithVoid();
    }

    /** Oldest first: what the Connect page reported for a session, for tests and for people debugging. */
    synchronized java.util.List<Reported> reportedFor(String sessionId) {
        return reported.stream().filter(entry -> entry.sessionId().equals(sessionId)).toList();
    }

    private synchronized void remember(Reported entry) {
        reported.addLast(entry);
        while (reported.size() > LOG_CAPACITY) {
            reported.removeFirst();
        }
    }
}
