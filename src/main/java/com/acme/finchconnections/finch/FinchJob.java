package com.acme.finchconnections.finch;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public record FinchJob(String jobId, String jobUrl, String type, String status, Instant createdAt,
        Instant scheduledAt, Instant startedAt, Instant completedAt, JsonNode params) {
}
