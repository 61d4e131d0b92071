package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcType;

import com.acme.finchconnections.common.db.JsonValueJdbcType;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A connection to Finch, identified by Finch's stable {@code connection_id}. {@code accountId}/{@code companyId}
 * are Finch's deprecated ids, kept so legacy callers still find the connection.
 */
@Entity
@Table(name = "connection")
public class Connection extends PanacheEntityBase {

    @Id
    public String connectionId;
    public String customerId;
    public String customerName;
    public String customerEmail;
    public String providerId;
    public String connectionType;
    public String clientType;
    public boolean manual;
    @JdbcType(JsonValueJdbcType.class)
    public List<String> products = new ArrayList<>();
    @JdbcType(JsonValueJdbcType.class)
    public List<AuthenticationMethodStatus> authenticationMethods = new ArrayList<>();
    public String status;
    public String statusMessage;
    /** Finch's time of {@link #status}; see {@link StatusRule}. */
    public Instant statusObservedAt;
    public Instant statusUpdatedAt;
    public Instant lastSuccessfulSyncAt;
    public Instant nextSyncAt;
    public Instant nextSyncCheckedAt;
    public String accountId;
    public String companyId;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    public static Uni<Connection> findByConnectionId(String connectionId) {
        return findById(connectionId);
    }

    public static Uni<Optional<Connection>> findByCustomerId(String customerId) {
        return Connection.<Connection>find("customerId", customerId).firstResult().map(Optional::ofNullable);
    }

    /**
     * The customer's newest connection that still counts as connected to Finch (any status but disconnected): a
     * new Connect session for that customer would be refused by Finch.
     */
    public static Uni<Optional<Connection>> findLiveByCustomerId(String customerId) {
        return Connection.<Connection>find("customerId = ?1 and status <> ?2 order by createdAt desc", customerId,
                ConnectionStatuses.DISCONNECTED).firstResult().map(Optional::ofNullable);
    }
}
