package com.acme.finchconnections.common.paging;

import java.util.List;
import java.util.function.Function;

/** Every list the API returns: {@code {data, next_cursor}}, {@code next_cursor} null on the last page. */
public record Page<T>(List<T> data, String nextCursor) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), nextCursor);
    }

    /**
     * Builds a page from {@code limit + 1} fetched rows: the extra row only proves there is a next page,
     * and the cursor points after the last row returned.
     */
    public static <T> Page<T> of(List<T> rowsPlusOne, int limit, Function<T, String> cursorOf) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(rowsPlusOne, null);
        }
        List<T> page = rowsPlusOne.subList(0, limit);
        return new Page<>(List.copyOf(page), cursorOf.apply(page.get(limit - 1)));
    }
}
