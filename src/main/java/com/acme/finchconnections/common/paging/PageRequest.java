package com.acme.finchconnections.common.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.acme.finchconnections.common.problem.Problems;

/**
 * {@code ?limit=&cursor=} as every list takes them. The cursor is opaque to callers: base64url of the sort key
 * of the last row seen, parts separated by a character no key contains.
 */
public record PageRequest(int limit, List<String> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    private static final String SEPARATOR = "\u001f";

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Problems.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isBlank() ? List.of() : decode(cursor));
    }

    /** As {@link #of(Integer, String)} from the raw query parameter: a non-number is a 400 naming {@code limit}. */
    public static PageRequest parse(String limit, String cursor) {
        if (limit == null || limit.isBlank()) {
            return of((Integer) null, cursor);
        }
        try {
            return of(Integer.valueOf(limit.trim()), cursor);
        } catch (NumberFormatException e) {
            throw Problems.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    public boolean first() {
        return after.isEmpty();
    }

    /** One more than the page size: the extra row tells whether a next page exists. */
    public int fetchSize() {
        return limit + 1;
    }

    public static String cursor(String... sortKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, sortKey).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return List.of(raw.split(SEPARATOR, -1));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /** The i-th part of the cursor's sort key; a cursor of the wrong shape is the caller's error. */
    public String afterPart(int index) {
        if (index >= after.size()) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
        return after.get(index);
    }
}
