package com.acme.finchconnections.finch;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.ProblemResponses;
import com.acme.finchconnections.common.problem.Problems;

/** TEMPORARY STUB of the issue-3 global FinchException mapper. */
public class FinchProblemMapper {

    @ServerExceptionMapper
    public Response finch(FinchException e) {
        ProblemException problem;
        if (e.isRateLimited()) {
            problem = new ProblemException(503, Problems.type("finch-rate-limited"), "Finch rate limit", "Finch is rate limiting")
                    .withHeader("Retry-After", String.valueOf(e.retryAfter() == null ? 1 : e.retryAfter().toSeconds()));
        } else {
            problem = new ProblemException(502, Problems.type("finch-unavailable"), "Finch failed", "Finch failed");
        }
        return ProblemResponses.of(problem.with("finch_code", e.finchCode()).with("finch_request_id", e.requestId()));
    }
}
