package com.acme.finchconnections.operator;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.session.ConnectSessionService;
import com.acme.finchconnections.session.SessionHistory;
import com.acme.finchconnections.session.SessionView;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** A Connect session's timeline, and the session-id search box that leads to it. */
@Path("/sessions")
@OperatorPage
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    @CheckedTemplate(basePath = "operator")
    static class Templates {
        static native TemplateInstance session(OperatorHeader header, SessionView session, SessionTimeline timeline);
    }

    private final ConnectSessionService sessions;
    private final SessionHistory history;

    public SessionPages(ConnectSessionService sessions, SessionHistory history) {
        this.sessions = sessions;
        this.history = history;
    }

    @GET
    public Response search(@RestQuery("session_id") String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.seeOther(UriBuilder.fromPath("/sessions/{id}").build(sessionId.trim())).build();
    }

    @GET
    @Path("/{session_id}")
    public Uni<String> session(RoutingContext routing, @RestPath("session_id") String sessionId) {
        OperatorHeader header = OperatorHeader.of(OperatorAuthFilter.current(routing), "sessions");
        return sessions.get(sessionId)
                .chain(session -> history.page(sessionId, PageRequest.of(PageRequest.MAX_LIMIT, null))
                        .map(page -> SessionTimeline.of(page.data()))
                        .chain(timeline -> Templates.session(header, session, timeline).createUni()));
    }
}
