package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.outbox.OutboxMessage;
import com.acme.finchconnections.common.outbox.OutboxPreparation;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.ConnectionStatuses;
import com.acme.finchconnections.connection.StatusRule;
import com.acme.finchconnections.finch.CreatedSession;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.ReauthenticateSession;
import com.acme.finchconnections.webhook.WebhookProcessingConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Smart re-auth: when a connection turns {@code reauth}, a reauthenticate session is created at Finch (locked to
 * the connection's provider and auth method) before the status change is published, and its
 * {@code {session_id, connect_url}} goes into the message's {@code reauthenticate} field, so an internal service
 * can send the employer straight to Connect. Finch failing only means the message goes out without it.
 */
@ApplicationScoped
public class SmartReauthentication implements OutboxPreparation {

    private static final Logger LOG = Logger.getLogger(SmartReauthentication.class);

    /** Unpublished status messages announcing reauth that carry no session yet. */
    private static final String PENDING = """
            select * from outbox_message
            where published_at is null and topic = :topic and payload->>'status' = :status
              and coalesce(payload->'reauthenticate', 'null'::jsonb) = 'null'::jsonb
            order by id limit 20""";

    private final FinchApi finch;
    private final SessionHistory history;
    private final ConnectConfig connectConfig;
    private final WebhookProcessingConfig config;
    private final Clock clock;
    /** Messages already tried on this instance: one attempt each, so a failing Finch never holds publishing up. */
    private final Set<Long> attempted = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));

    public SmartReauthentication(FinchApi finch, SessionHistory history, ConnectConfig connectConfig,
            WebhookProcessingConfig config, Clock clock) {
        this.finch = finch;
        this.history = history;
        this.connectConfig = connectConfig;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Uni<Void> prepare() {
        if (!config.smartReauthentication()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(PENDING, OutboxMessage.class)
                        .setParameter("topic", StatusRule.STATUS_TOPIC)
                        .setParameter("status", ConnectionStatuses.REAUTH)
                        .getResultList()))
                .map(messages -> messages.stream().filter(message -> attempted.add(message.id)).toList())
                .chain(messages -> Multi.createFrom().iterable(messages)
                        .onItem().transformToUniAndConcatenate(this::attach)
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> attach(OutboxMessage message) {
        String connectionId = message.messageKey;
        int minutes = connectConfig.reauthenticate().defaultMinutesToExpire();
        return finch.withDeadline(config.finchTimeout())
                .reauthenticate(new ReauthenticateSession(connectionId, minutes, null, null))
                .chain(created -> Panache.withTransaction(() -> store(message.id, connectionId, minutes, created)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("No reauthenticate session for connection %s; its status change goes out without one: %s",
                            connectionId, failure.toString());
                    return null;
                })
                .replaceWithVoid();
    }

    /** The session row and the message's link, together; a message published meanwhile is left as it went out. */
    private Uni<Void> store(Long messageId, String connectionId, int minutes, CreatedSession created) {
        return OutboxMessage.<OutboxMessage>find("id", messageId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .chain(message -> message == null || message.publishedAt != null
                        ? Uni.createFrom().voidItem()
                        : Connection.<Connection>findById(connectionId)
                                .chain(connection -> storeSession(connection, connectionId, minutes, created))
                                .invoke(() -> {
                                    ObjectNode payload = ((ObjectNode) message.payload).deepCopy();
                                    payload.putObject("reauthenticate")
                                            .put("session_id", created.sessionId())
                                            .put("connect_url", created.connectUrl());
                                    message.payload = payload;
                                }));
    }

    private Uni<Void> storeSession(Connection connection, String connectionId, int minutes, CreatedSession created) {
        return ConnectSession.<ConnectSession>findById(created.sessionId())
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
                    ConnectSession session = new ConnectSession();
                    session.sessionId = created.sessionId();
                    session.kind = ConnectSession.KIND_REAUTHENTICATE;
                    session.status = "created";
                    session.customerId = connection == null ? "" : Objects.requireNonNullElse(connection.customerId, "");
                    session.customerName = connection == null ? null : connection.customerName;
                    session.customerEmail = connection == null ? null : connection.customerEmail;
                    session.products = connection == null ? new ArrayList<>() : new ArrayList<>(connection.products);
                    session.connectionId = connectionId;
                    session.minutesToExpire = minutes;
                    session.connectUrl = created.connectUrl();
                    session.createdAt = now;
                    session.updatedAt = now;
                    session.expiresAt = now.plus(Duration.ofMinutes(minutes));
                    return session.<ConnectSession>persist()
                            .call(stored -> history.recordServiceEvent(stored.sessionId, SessionHistory.SESSION_CREATED,
                                    SessionHistory.details("kind", stored.kind, "caller", "smart-reauthentication",
                                            "connection_id", connectionId, "minutes_to_expire", minutes,
                                            "expires_at", stored.expiresAt)))
                            .replaceWithVoid();
                });
    }
}
