package com.acme.finchconnections.connection;

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
 * The connection's audit trail: one row per webhook event applied to it and one per status change of another
 * cause (exchange, introspect, migration). An older status that lost to a newer one is still recorded here.
 */
@Entity
@Table(name = "connection_event")
public class ConnectionEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String connectionId;
    /** Finch's event id for webhook events; null for other causes. */
    public String eventId;
    public String eventType;
    public String cause;
    public Instant finchTimestamp;
    public Instant appliedAt;
    public String previousStatus;
    public String status;
    public boolean statusChanged;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode details;
}
