package com.acme.finchconnections.common.db;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One column of many rows as an array parameter, for statements that write a whole batch at once
 * ({@code insert … select from unnest(?1, ?2, …)}, {@code update … from unnest(…)}): the statement stays the same
 * whatever the number of rows, so it is one round trip and one plan.
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    /** The column's values in row order, e.g. {@code column(rows, row -> row.offset, Long[]::new)}. */
    public static <T, V> V[] column(List<T> rows, Function<? super T, V> value, IntFunction<V[]> array) {
        V[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return values;
    }

    public static <T> String[] text(List<T> rows, Function<? super T, String> value) {
        return column(rows, value, String[]::new);
    }

    /**
     * Times as ISO-8601 text, for {@code cast(cast(?n as text[]) as timestamptz[])}: Hibernate turns an array of
     * times into one the reactive PostgreSQL client cannot encode.
     */
    public static <T> String[] times(List<T> rows, Function<? super T, Instant> value) {
        return text(rows, row -> {
            Instant time = value.apply(row);
            return time == null ? null : time.toString();
        });
    }
}
