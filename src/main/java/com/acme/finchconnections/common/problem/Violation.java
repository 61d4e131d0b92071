package com.acme.finchconnections.common.problem;

/** One offending input: {@code field} is the JSON path as the caller wrote it ({@code products[0]}). */
public record Violation(String field, String message) {
}
