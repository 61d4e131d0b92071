package com.acme.finchconnections.common.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error that reaches the caller as an RFC 9457 problem. Services throw it (or a subclass) when an outcome
 * is the caller's to handle; the message is the problem's {@code detail} and must never carry a secret.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public ProblemException(int status, String type, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** Adds a member beside type/title/status/detail, e.g. {@code connection_id}. Null values are skipped. */
    public ProblemException with(String member, Object value) {
        if (value != null) {
            members.put(member, value);
        }
        return this;
    }

    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> members() {
        return members;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
