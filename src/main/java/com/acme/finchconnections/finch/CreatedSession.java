package com.acme.finchconnections.finch;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public record CreatedSession(String sessionId, String connectUrl) {
}
