package com.acme.finchconnections.common.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks scoped to the current transaction: they serialize work on one key (a customer's
 * session, an authorization code) across every instance of the service and are released by commit or rollback,
 * so a crash can never leave one behind.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /**
     * Waits until no other transaction holds the lock on {@code namespace}/{@code key}, then holds it until this
     * transaction ends. Must run inside a transaction.
     */
    public static Uni<Void> lockForTransaction(String namespace, String key) {
        // count(*) only gives the void-returning lock function a result Hibernate can map.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(hashtext(:namespace), hashtext(:key))) locked")
                        .setParameter("namespace", namespace)
                        .setParameter("key", key)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
