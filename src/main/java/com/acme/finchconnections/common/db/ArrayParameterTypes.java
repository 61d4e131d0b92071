package com.acme.finchconnections.common.db;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.query.spi.QueryParameterBindingTypeResolver;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.type.BasicType;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Registers, once at start, Hibernate's type for each kind of array the batch statements bind ({@link ColumnArrays},
 * the id lists of {@code = any(?)}).
 * <p>
 * Hibernate finds a parameter's type from its value. For these arrays it has no registered type, so on every
 * {@code setParameter} it built an ad-hoc type again and tried to register it with the bootstrap context, which is
 * gone once Hibernate has started: a {@code HibernateException}, stack trace and all, created and swallowed inside
 * {@code BasicTypeRegistry}. The processor binds up to 14 arrays per statement, several statements per batch: that
 * was about 6 % of the event loops' CPU under webhook load (async-profiler, benchmark scenario 1). Registered under
 * the array's class name, the same type is found by Hibernate's first look-up
 * ({@code TypeConfiguration#getBasicTypeForJavaType}) and nothing is built or thrown.
 */
@ApplicationScoped
public class ArrayParameterTypes {

    private static final Logger LOG = Logger.getLogger(ArrayParameterTypes.class);

    private static final List<Class<?>> ARRAYS = List.of(String[].class, Integer[].class, Long[].class, Boolean[].class);

    void register(@Observes StartupEvent started, Mutiny.SessionFactory sessions) {
        if (!(sessions.getMetamodel() instanceof MappingMetamodel metamodel
                && metamodel instanceof QueryParameterBindingTypeResolver resolver)) {
            LOG.warnf("Hibernate's metamodel is a %s: array parameters keep resolving their type per statement",
                    sessions.getMetamodel().getClass().getName());
            return;
        }
        for (Class<?> array : ARRAYS) {
            // What Hibernate would have resolved for the value, so binding behaves exactly as before.
            if (resolver.resolveParameterBindType(array) instanceof BasicType<?> type) {
                metamodel.getTypeConfiguration().getBasicTypeRegistry().register(type, array.getTypeName());
            } else {
                LOG.warnf("Hibernate resolves no basic type for %s parameters", array.getSimpleName());
            }
        }
    }
}
