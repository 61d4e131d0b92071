package com.acme.finchconnections.finch;

/** A Finch answer with its body read: what {@link FinchApi} turns into records or errors. */
record FinchResponse(int status, String requestId, String body, String retryAfter, String retryAfterMs) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
