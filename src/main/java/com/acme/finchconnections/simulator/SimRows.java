package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Conversions between the simulator's rows and Java values: times as UTC instants, jsonb lists as lists. */
final class SimRows {

    private SimRows() {
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static List<String> strings(Row row, String column) {
        Object value = row.getValue(column);
        List<String> strings = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    static JsonArray json(List<String> values) {
        return values == null ? new JsonArray() : new JsonArray(new ArrayList<>(values));
    }

    static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
    }

    static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        List<T> list = new ArrayList<>();
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }
}
