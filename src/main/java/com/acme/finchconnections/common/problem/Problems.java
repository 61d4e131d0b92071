package com.acme.finchconnections.common.problem;

import java.util.List;

/** The problems every capability raises, so a {@code type} means the same thing everywhere. */
public final class Problems {

    /** Problem types are URNs ending in a slug the contract names, e.g. {@code connection-already-exists}. */
    public static final String TYPE_PREFIX = "urn:finch-connections:problem:";

    private Problems() {
    }

    public static String type(String slug) {
        return TYPE_PREFIX + slug;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, type("not-found"), "Not found", what + " " + id + " does not exist")
                .with(what.toLowerCase().replace(' ', '_') + "_id", id);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, type(slug), "Bad request", detail);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, type(slug), "Conflict", detail);
    }

    public static ValidationProblem invalid(List<Violation> violations) {
        return new ValidationProblem(violations);
    }

    public static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Violation(field, message)));
    }
}
