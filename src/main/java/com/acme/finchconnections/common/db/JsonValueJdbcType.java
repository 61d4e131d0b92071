package com.acme.finchconnections.common.db;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.hibernate.reactive.type.descriptor.jdbc.ReactiveJsonJdbcType;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A jsonb column holding any JSON value, arrays included. Hibernate Reactive's own JSON type binds and reads every
 * value as a JSON object, so a {@code List} mapped to a jsonb array fails on insert and on read
 * (hibernate-reactive#4156). Use it as {@code @JdbcType(JsonValueJdbcType.class)} on such a field.
 */
@RegisterForReflection
public class JsonValueJdbcType extends ReactiveJsonJdbcType {

    public JsonValueJdbcType() {
        super(null);
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement statement, X value, int index, WrapperOptions options)
                    throws SQLException {
                statement.setObject(index, toJsonValue(value, getJavaType(), options));
            }

            @Override
            protected void doBind(CallableStatement statement, X value, String name, WrapperOptions options)
                    throws SQLException {
                statement.setObject(name, toJsonValue(value, getJavaType(), options));
            }
        };
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                return fromJsonValue(rs.getObject(index), getJavaType(), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return fromJsonValue(statement.getObject(index), getJavaType(), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, String name, WrapperOptions options)
                    throws SQLException {
                return fromJsonValue(statement.getObject(name), getJavaType(), options);
            }
        };
    }

    /** The Vert.x PostgreSQL client binds jsonb from a JsonObject, a JsonArray or a scalar. */
    private <X> Object toJsonValue(X value, JavaType<X> javaType, WrapperOptions options) {
        return Json.decodeValue(toString(value, javaType, options));
    }

    private <X> X fromJsonValue(Object raw, JavaType<X> javaType, WrapperOptions options) throws SQLException {
        if (raw == null) {
            return null;
        }
        String json = raw instanceof JsonObject object ? object.encode()
                : raw instanceof JsonArray array ? array.encode()
                : raw instanceof String text && looksLikeJson(text) ? text
                : Json.encode(raw);
        return fromString(json, javaType, options);
    }

    private static boolean looksLikeJson(String text) {
        String trimmed = text.trim();
        return trimmed.startsWith("{") || trimmed.startsWith("[");
    }
}
