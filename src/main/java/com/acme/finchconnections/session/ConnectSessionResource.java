package com.acme.finchconnections.session;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/connect/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Connect sessions")
public class ConnectSessionResource {

    private final ConnectSessionService sessions;
    private final SessionHistory history;
    private final SessionProgress progress;

    public ConnectSessionResource(ConnectSessionService sessions, SessionHistory history, SessionProgress progress) {
        this.sessions = sessions;
        this.history = history;
        this.progress = progress;
    }

    @POST
    @Operation(summary = "Start Finch Connect for a customer",
            description = "Body as Finch's POST /connect/sessions; unknown fields are ignored.")
    @APIResponse(responseCode = "201", description = "A new session")
    @APIResponse(responseCode = "200", description = "The customer's open session, refreshed by Finch (same session_id)")
    @APIResponse(responseCode = "400", description = "Validation failed; every violation is listed")
    @APIResponse(responseCode = "409", description = "The customer already has a connection: re-authenticate it")
    public Uni<RestResponse<SessionCreated>> create(CreateSessionRequest request) {
        return sessions.create(orEmpty(request)).map(ConnectSessionResource::created);
    }

    @POST
    @Path("/reauthenticate")
    @Operation(summary = "Start Connect again for an existing connection (same provider and auth method)")
    @APIResponse(responseCode = "201", description = "A new re-authentication session")
    @APIResponse(responseCode = "404", description = "Unknown connection")
    public Uni<RestResponse<SessionCreated>> reauthenticate(ReauthenticateRequest request) {
        ReauthenticateRequest body = request == null ? new ReauthenticateRequest(null, null, null, null) : request;
        return sessions.reauthenticate(body).map(ConnectSessionResource::created);
    }

    @GET
    @Path("/{session_id}")
    @Operation(summary = "A session: parameters, status, current stage, connection once known")
    public Uni<SessionView> get(@RestPath("session_id") String sessionId) {
        return sessions.get(sessionId);
    }

    @GET
    @Path("/{session_id}/history")
    @Operation(summary = "The session's timeline, oldest first, including what the service did itself")
    public Uni<Page<HistoryEntry>> history(@RestPath("session_id") String sessionId, @RestQuery String limit,
            @RestQuery String cursor) {
        return history.page(sessionId, PageRequest.parse(limit, cursor));
    }

    @POST
    @Path("/{session_id}/events")
    @Operation(summary = "Record what the employer did in Connect (relayed by a front end)",
            description = "Idempotent on event_id; events after completion are kept in the history.")
    @APIResponse(responseCode = "202", description = "Recorded (or already recorded under this event_id)")
    @APIResponse(responseCode = "400", description = "Validation failed; every violation is listed")
    @APIResponse(responseCode = "404", description = "Unknown session")
    public Uni<RestResponse<Void>> event(@RestPath("session_id") String sessionId, SessionEventRequest request) {
        SessionEventRequest body = request != null ? request
                : new SessionEventRequest(null, null, null, null, null, null, null);
        return progress.record(sessionId, body).map(recorded -> RestResponse.accepted());
    }

    private static RestResponse<SessionCreated> created(SessionOutcome outcome) {
        return RestResponse.status(outcome.created() ? Status.CREATED : Status.OK, outcome.session());
    }

    private static CreateSessionRequest orEmpty(CreateSessionRequest request) {
        return request != null ? request
                : new CreateSessionRequest(null, null, null, null, null, null, null, null, null);
    }
}
