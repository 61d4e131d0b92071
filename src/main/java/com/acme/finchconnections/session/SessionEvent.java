package com.acme.finchconnections.session;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One entry of a session's history: what the employer did in Connect (relayed by a front end or the simulator's
 * Connect page; {@code source = frontend}) or what the service itself did ({@code source = service}:
 * session_created, session_refreshed, code_exchanged, exchange_failed, connection_status_changed, …).
 */
@Entity
@Table(name = "session_event")
public class SessionEvent extends PanacheEntityBase {

    public static final String SOURCE_FRONTEND = "frontend";
    public static final String SOURCE_SERVICE = "service";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String sessionId;
    /** Caller-supplied id making a relayed event idempotent; null for the service's own entries. */
    public String eventId;
    public String type;
    public String source;
    public Instant occurredAt;
    public Instant recordedAt;
    public String providerId;
    public String authMethod;
    public String errorMessage;
    public String errorType;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode details;
}
