package com.acme.finchconnections.finch;

import java.time.Clock;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.acme.finchconnections.common.problem.ProblemResponses;

/** A {@link FinchException} no service handled becomes the problem API.md prescribes ({@link FinchProblems}). */
public class FinchExceptionMapper {

    private final Clock clock;

    public FinchExceptionMapper(Clock clock) {
        this.clock = clock;
    }

    @ServerExceptionMapper
    public Response finchFailure(FinchException failure) {
        return ProblemResponses.of(FinchProblems.from(failure, clock));
    }
}
