package com.acme.finchconnections.finch;

import java.time.Instant;

/**
 * Finch's answer to {@code POST /jobs/automated}. {@code alreadyQueued} is true for Finch's 202: a job of that
 * type was already waiting, it is returned, and no quota was used.
 */
public record JobCreation(
        boolean alreadyQueued,
        Integer allowedRefreshes,
        Integer remainingRefreshes,
        String jobId,
        String jobUrl,
        Instant retryAt) {
}
