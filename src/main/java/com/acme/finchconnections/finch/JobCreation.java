package com.acme.finchconnections.finch;

import java.time.Instant;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public record JobCreation(boolean alreadyQueued, Integer allowedRefreshes, Integer remainingRefreshes, String jobId,
        String jobUrl, Instant retryAt) {
}
