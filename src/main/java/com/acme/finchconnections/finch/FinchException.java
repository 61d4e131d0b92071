package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A Finch call that did not succeed: Finch's error body ({@code code}, {@code name}, {@code finch_code},
 * {@code message}, {@code context}), its {@code Finch-Request-Id}, and what the caller can do about it
 * ({@link #kind()}, {@link #retryAfter()}, {@link #retryAt()}). {@link #getMessage()} names the operation and
 * Finch's answer; it never carries a token, a client secret or an authorization code.
 */
public class FinchException extends RuntimeException {

    /** What went wrong, in the terms a caller reacts to. */
    public enum Kind {
        /** Finch refused the request (4xx other than the ones below); sending it again won't help. */
        REJECTED,
        /** 401: bad client credentials, an unknown or revoked token, or the employer must reauthenticate. */
        UNAUTHORIZED,
        /** 404: Finch does not know the item. */
        NOT_FOUND,
        /** 429 from Finch's rate limiter ({@code rate_limit_exceeded_error}); {@link #retryAfter()} when known. */
        RATE_LIMITED,
        /** 429 from {@code /jobs/automated}: the connection's refresh quota is spent until {@link #retryAt()}. */
        JOB_QUOTA_EXCEEDED,
        /** Finch answered 5xx, could not be reached, or the circuit breaker is open. */
        UNAVAILABLE,
        /** No answer in time (Finch's 408 included). */
        TIMEOUT
    }

    private final Kind kind;
    private final String operation;
    private final int httpStatus;
    private final Integer code;
    private final String name;
    private final String finchCode;
    private final String finchMessage;
    private final String requestId;
    private final Duration retryAfter;
    private final Instant retryAt;
    private final Map<String, Object> context;
    private final boolean requestNotSent;
    private final boolean circuitOpen;

    private FinchException(Builder builder, Throwable cause) {
        super(builder.summary(), cause, false, true);
        this.kind = builder.kind;
        this.operation = builder.operation;
        this.httpStatus = builder.httpStatus;
        this.code = builder.code;
        this.name = builder.name;
        this.finchCode = builder.finchCode;
        this.finchMessage = builder.finchMessage;
        this.requestId = builder.requestId;
        this.retryAfter = builder.retryAfter;
        this.retryAt = builder.retryAt;
        this.context = builder.context == null ? Map.of() : Map.copyOf(builder.context);
        this.requestNotSent = builder.requestNotSent;
        this.circuitOpen = builder.circuitOpen;
    }

    public Kind kind() {
        return kind;
    }

    /** E.g. {@code POST /connect/sessions}. */
    public String operation() {
        return operation;
    }

    /** Finch's HTTP status; 0 when Finch did not answer (unreachable, timeout, circuit open). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code code} of Finch's error body (the status again, usually); null when absent. */
    public Integer code() {
        return code;
    }

    /** Finch's error category, e.g. {@code invalid_grant_error}, {@code rate_limit_exceeded_error}. */
    public String name() {
        return name;
    }

    /** Finch's detail code, e.g. {@code connection_already_exists}, {@code reauthenticate_user}. */
    public String finchCode() {
        return finchCode;
    }

    /** {@code finch_code} when Finch sent one, else {@code name}: the most precise code there is. */
    public String finchCodeOrName() {
        return finchCode != null ? finchCode : name;
    }

    /** Finch's own {@code message}, with anything this call sent as a secret masked. */
    public String message() {
        return finchMessage;
    }

    /** Finch's {@code Finch-Request-Id}, to quote to Finch's support. */
    public String requestId() {
        return requestId;
    }

    /** From {@code Retry-After} / {@code retry-after-ms}; null when Finch gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** When a job quota frees up again ({@code retry_at} of a 429 from {@code /jobs/automated}). */
    public Instant retryAt() {
        return retryAt;
    }

    /** Finch's {@code context} object, e.g. {@code connection_id} for {@code connection_already_exists}. */
    public Map<String, Object> context() {
        return context;
    }

    /** The connection a {@code connection_already_exists} refers to, when Finch named it. */
    public String existingConnectionId() {
        Object connectionId = context.get("connection_id");
        return connectionId == null ? null : connectionId.toString();
    }

    public boolean isConnectionAlreadyExists() {
        return "connection_already_exists".equals(finchCode);
    }

    public boolean isReauthenticateUser() {
        return "reauthenticate_user".equals(finchCode);
    }

    public boolean isInvalidGrant() {
        return "invalid_grant_error".equals(name) || "invalid_grant_error".equals(finchCode);
    }

    public boolean isRateLimited() {
        return kind == Kind.RATE_LIMITED;
    }

    public boolean isJobQuotaExceeded() {
        return kind == Kind.JOB_QUOTA_EXCEEDED;
    }

    public boolean isTimeout() {
        return kind == Kind.TIMEOUT;
    }

    /** True when the call failed fast because repeated Finch failures opened the circuit breaker. */
    public boolean isCircuitOpen() {
        return circuitOpen;
    }

    /** True when the request certainly never reached Finch (connection refused, unknown host, circuit open). */
    boolean requestNotSent() {
        return requestNotSent;
    }

    static Builder builder(Kind kind, String operation) {
        return new Builder(kind, operation);
    }

    static final class Builder {
        private final Kind kind;
        private final String operation;
        private int httpStatus;
        private Integer code;
        private String name;
        private String finchCode;
        private String finchMessage;
        private String requestId;
        private Duration retryAfter;
        private Instant retryAt;
        private Map<String, Object> context;
        private boolean requestNotSent;
        private boolean circuitOpen;
        private String detail;

        private Builder(Kind kind, String operation) {
            this.kind = kind;
            this.operation = operation;
        }

        Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        Builder body(Integer code, String name, String finchCode, String finchMessage, Map<String, Object> context) {
            this.code = code;
            this.name = name;
            this.finchCode = finchCode;
            this.finchMessage = finchMessage;
            this.context = context;
            return this;
        }

        Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        Builder retryAt(Instant retryAt) {
            this.retryAt = retryAt;
            return this;
        }

        Builder requestNotSent() {
            this.requestNotSent = true;
            return this;
        }

        Builder circuitOpen() {
            this.circuitOpen = true;
            this.requestNotSent = true;
            return this;
        }

        /** What happened when Finch gave no body to quote, e.g. "connection refused". */
        Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        FinchException build() {
            return new FinchException(this, null);
        }

        FinchException build(Throwable cause) {
            return new FinchException(this, cause);
        }

        private String summary() {
            StringBuilder summary = new StringBuilder("Finch ").append(operation);
            if (httpStatus > 0) {
                summary.append(" answered ").append(httpStatus);
                if (name != null) {
                    summary.append(' ').append(name);
                }
                if (finchCode != null) {
                    summary.append('/').append(finchCode);
                }
            } else {
                summary.append(" failed");
            }
            if (detail != null) {
                summary.append(": ").append(detail);
            } else if (finchMessage != null) {
                summary.append(": ").append(finchMessage);
            }
            if (requestId != null) {
                summary.append(" (Finch-Request-Id ").append(requestId).append(')');
            }
            return summary.toString();
        }
    }
}
