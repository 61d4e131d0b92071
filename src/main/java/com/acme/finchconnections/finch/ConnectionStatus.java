package com.acme.finchconnections.finch;

import java.time.Instant;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record ConnectionStatus(String status, String message, Instant lastSuccessfulSync) {
}
