package com.acme.finchconnections.common.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import jakarta.inject.Inject;

import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.query.spi.QueryParameterBindingTypeResolver;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * {@link ArrayParameterTypes}: every array kind the batch statements bind has a registered type after start, and it
 * is the one Hibernate binds a value of that kind with (so the first look-up finds it and no ad-hoc type is built
 * per statement). Without the registration, the look-up finds nothing.
 */
@QuarkusTest
class ArrayParameterTypesTest {

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @Test
    void everyArrayKindHasARegisteredTypeThatBindingUses() {
        MappingMetamodel metamodel = (MappingMetamodel) sessionFactory.getMetamodel();
        QueryParameterBindingTypeResolver resolver = (QueryParameterBindingTypeResolver) metamodel;
        for (Object value : List.of(new String[] { "a" }, new Integer[] { 1 }, new Long[] { 1L },
                new Boolean[] { true })) {
            Object registered = metamodel.getTypeConfiguration().getBasicTypeForJavaType(value.getClass());
            assertNotNull(registered, value.getClass().getSimpleName() + " has no registered type");
            assertSame(registered, resolver.resolveParameterBindType(value), value.getClass().getSimpleName());
        }
    }

    @Test
    void arraysStillBindAsBefore() throws Throwable {
        Object[] row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        select cast(cardinality(cast(?1 as text[])) as integer), (cast(?1 as text[]))[2] is null,
                            (cast(?1 as text[]))[3], (cast(?2 as integer[]))[2], (cast(?3 as bigint[]))[1],
                            (cast(?4 as boolean[]))[1]""", Object[].class)
                        .setParameter(1, new String[] { "a", null, "c\"d" })
                        .setParameter(2, new Integer[] { 1, 2 })
                        .setParameter(3, new Long[] { 3L })
                        .setParameter(4, new Boolean[] { true })
                        .getSingleResult())));
        assertArrayEquals(new Object[] { 3, true, "c\"d", 2, 3L, true }, row);
    }
}
