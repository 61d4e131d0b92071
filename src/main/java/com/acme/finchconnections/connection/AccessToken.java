package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An access token of a connection, sealed with {@code TokenCipher}; the clear value exists only in memory
 * while a Finch call is made. {@code source}: exchange, reauthenticate or migration.
 */
@Entity
@Table(name = "access_token")
public class AccessToken extends PanacheEntityBase {

    @Id
    public UUID tokenId;
    public String connectionId;
    public String keyId;
    public byte[] ciphertext;
    public byte[] fingerprint;
    public String finchTokenId;
    public String providerId;
    public String authMethod;
    public String source;
    public Instant createdAt;
    public Instant revokedAt;

    @Override
    public String toString() {
        return "AccessToken[" + tokenId + ", connection " + connectionId + "]";
    }
}
