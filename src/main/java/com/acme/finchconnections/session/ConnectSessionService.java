package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.auth.Caller;
import com.acme.finchconnections.common.db.AdvisoryLocks;
import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.finch.CreatedSession;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.FinchException;
import com.acme.finchconnections.finch.ReauthenticateSession;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Starts Finch Connect for an employer: a new connection's session, or a re-authentication of an existing one.
 * Finch is called outside any database transaction (a slow Finch must not hold a connection from the pool);
 * what Finch answered is then stored in one short transaction.
 */
@ApplicationScoped
public class ConnectSessionService {

    public static final String REAUTHENTICATE_PATH = "/api/v1/connect/sessions/reauthenticate";

    private final FinchApi finch;
    private final SessionHistory history;
    private final ConnectConfig config;
    private final Caller caller;
    private final Clock clock;

    public ConnectSessionService(FinchApi finch, SessionHistory history, ConnectConfig config, Caller caller,
            Clock clock) {
        this.finch = finch;
        this.history = history;
        this.config = config;
        this.caller = caller;
        this.clock = clock;
    }

    /**
     * A customer already connected gets 409 before Finch is asked; one Finch refuses the same way gets it too. A
     * customer with an open session gets that session back, refreshed by Finch (same session_id).
     */
    public Uni<SessionOutcome> create(CreateSessionRequest request) {
        NewSession session = request.validated(config.session().defaultMinutesToExpire());
        String callerName = caller.name();
        return refuseIfConnected(session.customerId())
                .chain(() -> finch.createConnectSession(session.toFinch()))
                .onFailure(FinchException.class).transform(e -> alreadyConnectedOrAsIs((FinchException) e,
                        session.customerId()))
                .chain(created -> Panache.withTransaction(() -> store(session, created, callerName)));
    }

    /** A new Connect session for an existing connection; Finch keeps its provider and auth method. */
    public Uni<SessionOutcome> reauthenticate(ReauthenticateRequest request) {
        ReauthenticateRequest valid = request.validated(config.reauthenticate().defaultMinutesToExpire());
        String callerName = caller.name();
        return Panache.withSession(() -> Connection.findByConnectionId(valid.connectionId()))
                .onItem().ifNull().failWith(() -> Problems.notFound("Connection", valid.connectionId()))
                .chain(connection -> reauthenticateAtFinch(connection, valid, callerName));
    }

    @WithSession
    public Uni<SessionView> get(String sessionId) {
        return ConnectSession.<ConnectSession>findById(sessionId)
                .onItem().ifNull().failWith(() -> Problems.notFound("Session", sessionId))
                .chain(session -> SessionProgress.frontendEvents(sessionId)
                        .map(events -> SessionView.from(session, SessionTimeline.replay(events))));
    }

    private static Uni<Void> refuseIfConnected(String customerId) {
        return Panache.withSession(() -> Connection.findLiveByCustomerId(customerId))
                .chain(connection -> connection.isPresent()
                        ? Uni.createFrom().failure(alreadyConnected(customerId, connection.get().connectionId))
                        : Uni.createFrom().voidItem());
    }

    /**
     * Concurrent creates for one customer get the same session_id from Finch; the lock makes exactly one of them
     * insert it (201) and the others see it and refresh it (200).
     */
    private Uni<SessionOutcome> store(NewSession request, CreatedSession created, String callerName) {
        return AdvisoryLocks.lockForTransaction("connect-session", created.sessionId())
                .chain(() -> ConnectSession.<ConnectSession>findById(created.sessionId()))
                .chain(existing -> existing == null
                        ? insert(request.newSession(created, now()), callerName)
                        : refresh(existing, request, created, callerName));
    }

    private Uni<SessionOutcome> insert(ConnectSession session, String callerName) {
        return session.<ConnectSession>persist()
                .call(stored -> history.recordServiceEvent(stored.sessionId, SessionHistory.SESSION_CREATED,
                        eventDetails(stored, callerName)))
                .map(stored -> new SessionOutcome(SessionCreated.from(stored), true));
    }

    private Uni<SessionOutcome> refresh(ConnectSession session, NewSession request, CreatedSession created,
            String callerName) {
        request.applyTo(session, created, now());
        return recordRefresh(session, callerName);
    }

    private Uni<SessionOutcome> recordRefresh(ConnectSession session, String callerName) {
        return history.recordServiceEvent(session.sessionId, SessionHistory.SESSION_REFRESHED,
                eventDetails(session, callerName))
                .map(recorded -> new SessionOutcome(SessionCreated.from(session), false));
    }

    private Uni<SessionOutcome> reauthenticateAtFinch(Connection connection, ReauthenticateRequest request,
            String callerName) {
        return finch.reauthenticate(new ReauthenticateSession(request.connectionId(), request.minutesToExpire(),
                request.products(), request.redirectUri()))
                .onFailure(FinchException.class).transform(e -> unknownToFinchOrAsIs((FinchException) e,
                        request.connectionId()))
                .chain(created -> Panache.withTransaction(
                        () -> storeReauthentication(connection, request, created, callerName)));
    }

    private Uni<SessionOutcome> storeReauthentication(Connection connection, ReauthenticateRequest request,
            CreatedSession created, String callerName) {
        return AdvisoryLocks.lockForTransaction("connect-session", created.sessionId())
                .chain(() -> ConnectSession.<ConnectSession>findById(created.sessionId()))
                .chain(existing -> existing == null
                        ? insert(newReauthentication(connection, request, created), callerName)
                        : recordRefresh(reauthenticationParameters(existing, connection, request, created), callerName));
    }

    private ConnectSession newReauthentication(Connection connection, ReauthenticateRequest request,
            CreatedSession created) {
        ConnectSession session = new ConnectSession();
        session.sessionId = created.sessionId();
        session.kind = ConnectSession.KIND_REAUTHENTICATE;
        session.status = "created";
        session.createdAt = now();
        return reauthenticationParameters(session, connection, request, created);
    }

    private ConnectSession reauthenticationParameters(ConnectSession session, Connection connection,
            ReauthenticateRequest request, CreatedSession created) {
        Instant now = now();
        // The table needs a customer; a connection Finch gave no customer_id (sandbox, migration) has none.
        session.customerId = Objects.requireNonNullElse(connection.customerId, "");
        session.customerName = connection.customerName;
        session.customerEmail = connection.customerEmail;
        session.connectionId = connection.connectionId;
        session.products = new ArrayList<>(request.products() != null ? request.products() : connection.products);
        session.redirectUri = request.redirectUri();
        session.minutesToExpire = request.minutesToExpire();
        session.connectUrl = created.connectUrl();
        session.updatedAt = now;
        session.expiresAt = now.plus(Duration.ofMinutes(request.minutesToExpire()));
        return session;
    }

    private static java.util.Map<String, Object> eventDetails(ConnectSession session, String callerName) {
        return SessionHistory.details("kind", session.kind, "caller", callerName, "connection_id",
                session.connectionId, "products", session.products, "minutes_to_expire", session.minutesToExpire,
                "expires_at", session.expiresAt);
    }

    private static Throwable alreadyConnectedOrAsIs(FinchException e, String customerId) {
        if (!e.isConnectionAlreadyExists()) {
            return e;
        }
        return alreadyConnected(customerId, e.existingConnectionId()).with("finch_request_id", e.requestId());
    }

    private static Throwable unknownToFinchOrAsIs(FinchException e, String connectionId) {
        return e.kind() == FinchException.Kind.NOT_FOUND ? Problems.notFound("Connection", connectionId) : e;
    }

    static ProblemException alreadyConnected(String customerId, String connectionId) {
        return Problems.conflict("connection-already-exists",
                "Customer " + customerId + " already has a connection; re-authenticate it instead of connecting again")
                .with("customer_id", customerId)
                .with("connection_id", connectionId)
                .with("reauthenticate", REAUTHENTICATE_PATH);
    }

    /** PostgreSQL keeps microseconds: answering with the same precision keeps a response equal to a later read. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
