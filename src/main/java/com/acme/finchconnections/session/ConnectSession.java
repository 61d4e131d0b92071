package com.acme.finchconnections.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcType;

import com.acme.finchconnections.common.db.JsonValueJdbcType;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A Finch Connect session (kind {@code connect} for a new employer, {@code reauthenticate} for an existing
 * connection) and how far the employer got in it.
 * Status: created | opened | completed | failed | closed | expired.
 */
@Entity
@Table(name = "connect_session")
public class ConnectSession extends PanacheEntityBase {

    public static final String KIND_CONNECT = "connect";
    public static final String KIND_REAUTHENTICATE = "reauthenticate";

    @Id
    public String sessionId;
    public String kind;
    public String customerId;
    public String customerName;
    public String customerEmail;
    @JdbcType(JsonValueJdbcType.class)
    public List<String> products = new ArrayList<>();
    public String integrationProvider;
    public String integrationAuthMethod;
    public Boolean manual;
    public String sandbox;
    public String redirectUri;
    public int minutesToExpire;
    public String connectUrl;
    public String connectionId;
    public String status;
    public String currentStage;
    public String providerId;
    public String authMethod;
    public String errorMessage;
    public String errorType;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant expiresAt;
    public Instant openedAt;
    public Instant completedAt;
    @Version
    public long version;
}
