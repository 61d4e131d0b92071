package com.acme.finchconnections.common.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations while a request is checked field by field, then throws them all at once.
 * Used where the rules are Finch's own and richer than Bean Validation annotations.
 */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public Violations check(boolean ok, String field, String message) {
        if (!ok) {
            add(field, message);
        }
        return this;
    }

    public Violations requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
        }
        return this;
    }

    public Violations optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
        }
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationProblem(found);
        }
    }
}
