package com.acme.finchconnections.common.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON for jsonb columns written by native statements, in the format Hibernate uses for the same columns
 * (its Jackson format mapper: a plain ObjectMapper with the modules on the class path), so an entity loaded later
 * reads back exactly what Hibernate itself would have written. The API's snake_case mapper is not for columns.
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private JsonColumns() {
    }

    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our own column types (records and lists of them) always serialize.
            throw new IllegalStateException("Cannot write a " + value.getClass().getName() + " as JSON", e);
        }
    }
}
