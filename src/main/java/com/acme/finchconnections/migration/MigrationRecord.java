package com.acme.finchconnections.migration;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One legacy token of a migration, at its position in the request. The token is kept sealed only while the record
 * is {@code pending}; once tried it is wiped here (a valid one lives on in {@code access_token}).
 */
@Entity
@Table(name = "migration_record")
@IdClass(MigrationRecord.Key.class)
public class MigrationRecord extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String MIGRATED = "migrated";
    public static final String FAILED = "failed";

    @Id
    public UUID migrationId;
    @Id
    public int recordIndex;
    public String keyId;
    public byte[] ciphertext;
    public String accountId;
    public String companyId;
    public String customerId;
    public String customerName;
    public String state;
    public int attempts;
    public String connectionId;
    public String errorCode;
    public String error;
    public String finchRequestId;
    public Instant leaseUntil;
    public String leaseOwner;
    public Instant updatedAt;

    @Override
    public String toString() {
        return "MigrationRecord[" + migrationId + "#" + recordIndex + ", " + state + "]";
    }

    public static class Key implements Serializable {
        public UUID migrationId;
        public int recordIndex;

        public Key() {
        }

        public Key(UUID migrationId, int recordIndex) {
            this.migrationId = migrationId;
            this.recordIndex = recordIndex;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.recordIndex == recordIndex
                    && Objects.equals(key.migrationId, migrationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(migrationId, recordIndex);
        }
    }
}
