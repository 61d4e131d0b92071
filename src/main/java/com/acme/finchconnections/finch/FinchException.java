package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public class FinchException extends RuntimeException {

    private final int httpStatus;
    private final String name;
    private final String finchCode;
    private final String requestId;
    private final Duration retryAfter;
    private final Instant retryAt;
    private final Map<String, Object> context;

    public FinchException(int httpStatus, String name, String finchCode, String message, String requestId,
            Duration retryAfter, Instant retryAt, Map<String, Object> context) {
        super(message);
        this.httpStatus = httpStatus;
        this.name = name;
        this.finchCode = finchCode;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
        this.retryAt = retryAt;
        this.context = context == null ? Map.of() : context;
    }

    public int httpStatus() { return httpStatus; }
    public int code() { return httpStatus; }
    public String name() { return name; }
    public String finchCode() { return finchCode; }
    public String requestId() { return requestId; }
    public Duration retryAfter() { return retryAfter; }
    public Instant retryAt() { return retryAt; }
    public Map<String, Object> context() { return context; }
    public String kind() { return httpStatus == 0 ? "unreachable" : "http"; }
    public boolean isConnectionAlreadyExists() { return "connection_already_exists".equals(finchCode); }
    public boolean isReauthenticateUser() { return "reauthenticate_user".equals(finchCode); }
    public boolean isInvalidGrant() { return "invalid_grant_error".equals(name); }
    public boolean isRateLimited() { return httpStatus == 429; }
}
