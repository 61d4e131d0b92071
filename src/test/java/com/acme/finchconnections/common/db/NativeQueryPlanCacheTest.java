package com.acme.finchconnections.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.QueryStatistics;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The reason for {@code quarkus.hibernate-orm.query.query-plan-cache-max-size} in application.properties: Hibernate
 * Reactive misses the plan of a native select every time it runs, and caches one more. When this test fails,
 * Hibernate Reactive finds those plans again, and the setting can go back to its default. (The test profile turns
 * Hibernate's statistics on for it.)
 */
@QuarkusTest
class NativeQueryPlanCacheTest {

    @Inject
    Mutiny.SessionFactory sessionFactory;

    /** Nothing else runs this statement (the counts are per statement; background work runs other queries). */
    private static final String SQL = "select 'native-query-plan-cache-test' as probe";

    @Test
    void everyRunOfANativeSelectIsAPlanCacheMiss() throws Throwable {
        QueryStatistics statistics = sessionFactory.getStatistics().getQueryStatistics(SQL);
        select();
        long misses = statistics.getPlanCacheMissCount();
        long hits = statistics.getPlanCacheHitCount();

        for (int i = 0; i < 3; i++) {
            select();
        }

        assertEquals(misses + 3, statistics.getPlanCacheMissCount(),
                "native selects find their plan again: restore the default query-plan-cache-max-size");
        assertEquals(hits, statistics.getPlanCacheHitCount());
    }

    private static void select() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(SQL, String.class).getResultList())));
    }
}
