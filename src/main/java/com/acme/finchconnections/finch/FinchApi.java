package com.acme.finchconnections.finch;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * STAND-IN until the Finch client (branch issue-3) is merged: the same public surface, answering every call as
 * if Finch were unreachable. The merge replaces this file with the real client.
 */
@ApplicationScoped
public class FinchApi {

    public Uni<CreatedSession> reauthenticate(ReauthenticateSession request) {
        return unavailable();
    }

    public Uni<JobCreation> createJob(String accessToken, String type) {
        return unavailable();
    }

    public Uni<FinchJob> getJob(String accessToken, String jobId) {
        return unavailable();
    }

    public Uni<JobList> listJobs(String accessToken, int limit, int offset) {
        return unavailable();
    }

    private static <T> Uni<T> unavailable() {
        return Uni.createFrom().failure(new FinchException(0, "Finch client not merged yet"));
    }
}
