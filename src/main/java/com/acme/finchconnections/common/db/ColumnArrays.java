package com.acme.finchconnections.common.db;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One column of many rows as an array parameter, for statements that write a whole batch at once
 * ({@code insert … select from unnest(?1, ?2, …)}, {@code update … from unnest(…)}): the statement stays the same
 * whatever the number of rows, so it is one round trip and one plan.
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    public static <T> String[] text(List<T> rows, Function<? super T, String> column) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }

    /**
     * Times as ISO-8601 text, for {@code cast(cast(?n as text[]) as timestamptz[])}: Hibernate turns an array of
     * times into one the reactive PostgreSQL client cannot encode.
     */
    public static <T> String[] times(List<T> rows, Function<? super T, Instant> column) {
        return text(rows, row -> {
            Instant time = column.apply(row);
            return time == null ? null : time.toString();
        });
    }

    public static <T> Integer[] integers(List<T> rows, Function<? super T, Integer> column) {
        Integer[] values = new Integer[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }

    public static <T> Long[] longs(List<T> rows, Function<? super T, Long> column) {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }

    public static <T> Boolean[] flags(List<T> rows, Function<? super T, Boolean> column) {
        Boolean[] values = new Boolean[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }
}
