package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public class FinchException extends RuntimeException {

    private final int httpStatus;

    public FinchException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String finchCode() {
        return null;
    }

    public String requestId() {
        return null;
    }

    public Duration retryAfter() {
        return null;
    }

    public Instant retryAt() {
        return null;
    }

    public boolean isRateLimited() {
        return false;
    }
}
