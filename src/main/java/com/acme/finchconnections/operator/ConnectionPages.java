package com.acme.finchconnections.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.connection.ConnectionEventView;
import com.acme.finchconnections.connection.ConnectionFilter;
import com.acme.finchconnections.connection.ConnectionOverview;
import com.acme.finchconnections.connection.ConnectionService;
import com.acme.finchconnections.connection.ConnectionSummary;
import com.acme.finchconnections.job.JobService;
import com.acme.finchconnections.job.JobView;
import com.acme.finchconnections.session.ConnectSessionService;
import com.acme.finchconnections.session.ReauthenticateRequest;
import com.acme.finchconnections.session.SessionCreated;
import com.acme.finchconnections.session.SessionDirectory;
import com.acme.finchconnections.session.SessionView;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** The connections list at {@code /} and a connection's page, from the same services the API uses. */
@Path("/")
@OperatorPage
@Produces(MediaType.TEXT_HTML)
public class ConnectionPages {

    /** How much of a connection's audit trail and session list its page shows. */
    private static final int RECENT = 50;

    @CheckedTemplate(basePath = "operator")
    static class Templates {
        static native TemplateInstance connections(OperatorHeader header, ConnectionList list);

        static native TemplateInstance connection(OperatorHeader header, ConnectionOverview connection,
                List<ConnectionEventView> events, List<JobView> jobs, List<SessionView> sessions);

        static native TemplateInstance reauthStarted(OperatorHeader header, ConnectionOverview connection,
                SessionCreated session);
    }

    private final ConnectionService connections;
    private final ConnectSessionService connectSessions;
    private final SessionDirectory sessionDirectory;
    private final JobService jobs;
    private final OperatorConfig config;
    private final Clock clock;

    public ConnectionPages(ConnectionService connections, ConnectSessionService connectSessions,
            SessionDirectory sessionDirectory, JobService jobs, OperatorConfig config, Clock clock) {
        this.connections = connections;
        this.connectSessions = connectSessions;
        this.sessionDirectory = sessionDirectory;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
    }

    @GET
    public Uni<String> list(RoutingContext routing, @RestQuery String status, @RestQuery("provider_id") String providerId,
            @RestQuery String customer, @RestQuery String attention, @RestQuery String cursor) {
        ConnectionList.Filters filters = new ConnectionList.Filters(status, providerId, customer,
                "true".equals(attention));
        // The customer box takes an id or the start of one; a prefix matches the full id too.
        ConnectionFilter filter = new ConnectionFilter(status, null, customer, providerId, null, null);
        PageRequest page = PageRequest.parse(null, cursor);
        Instant staleBefore = Instant.now(clock).minus(config.staleAfter());
        Uni<Page<ConnectionSummary>> rows = filters.attention()
                ? connections.listNeedingAttention(filter, staleBefore, page)
                : connections.list(filter, page);
        return rows.map(found -> ConnectionList.from(found, filters, staleBefore))
                .chain(list -> Templates.connections(header(routing, filters.attention() ? "attention" : "connections"),
                        list).createUni());
    }

    @GET
    @Path("connections/{connection_id}")
    public Uni<String> connection(RoutingContext routing, @RestPath("connection_id") String connectionId) {
        OperatorHeader header = header(routing, "connections");
        return connections.overview(connectionId)
                .chain(connection -> connections.events(connectionId, PageRequest.of(RECENT, null))
                        .chain(events -> jobs.list(connectionId, PageRequest.of(RECENT, null))
                                .chain(jobPage -> sessionDirectory.ofConnection(connectionId, connection.customerId(),
                                        RECENT)
                                        .chain(sessions -> Templates.connection(header, connection, events.data(),
                                                jobPage.data(), sessions).createUni()))));
    }

    /** Starts a re-authentication as the API would and shows the Connect URL to send the employer. */
    @POST
    @Path("connections/{connection_id}/reauthenticate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<String> reauthenticate(RoutingContext routing, @RestPath("connection_id") String connectionId,
            @RestForm String csrf) {
        OperatorSession session = OperatorAuthFilter.current(routing);
        if (!OperatorSessions.csrfMatches(session, csrf)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "The form is stale; reload the page and retry");
        }
        OperatorHeader header = OperatorHeader.of(session, "connections");
        return connectSessions.reauthenticate(new ReauthenticateRequest(connectionId, null, null, null))
                .chain(outcome -> connections.overview(connectionId)
                        .chain(connection -> Templates.reauthStarted(header, connection, outcome.session())
                                .createUni()));
    }

    private static OperatorHeader header(RoutingContext routing, String active) {
        return OperatorHeader.of(OperatorAuthFilter.current(routing), active);
    }
}
