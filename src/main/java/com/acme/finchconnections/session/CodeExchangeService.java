package com.acme.finchconnections.session;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.auth.ApiKeys;
import com.acme.finchconnections.common.db.AdvisoryLocks;
import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.connection.Connection;
import com.acme.finchconnections.connection.ConnectionFacts;
import com.acme.finchconnections.connection.ConnectionOverview;
import com.acme.finchconnections.connection.ConnectionRegistered;
import com.acme.finchconnections.connection.ConnectionRegistrar;
import com.acme.finchconnections.connection.ConnectionService;
import com.acme.finchconnections.connection.StatusObservation;
import com.acme.finchconnections.connection.TokenVault;
import com.acme.finchconnections.finch.ConnectionStatus;
import com.acme.finchconnections.finch.FinchApi;
import com.acme.finchconnections.finch.FinchException;
import com.acme.finchconnections.finch.Introspection;
import com.acme.finchconnections.finch.TokenExchange;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Turns the code Connect handed back into a connection: {@code /auth/token}, {@code /introspect}, then the
 * connection, its token, the spent code and the completed session in one transaction.
 *
 * <p>A code is single-use at Finch, so the whole exchange runs under a per-code advisory lock: a second exchange of
 * the same code (Connect's callback firing twice) waits, then finds the code recorded and answers with the same
 * connection without calling Finch. The transaction therefore stays open across the two Finch calls; that costs one
 * pooled connection per exchange in flight and is what makes "exactly one exchange per code" hold across instances.
 */
@ApplicationScoped
public class CodeExchangeService {

    private static final Logger LOG = Logger.getLogger(CodeExchangeService.class);
    private static final int MAX_STATE_LENGTH = 255;
    private static final String UNKNOWN_STATUS = "unknown";

    private final FinchApi finch;
    private final ConnectionRegistrar registrar;
    private final ConnectionService connections;
    private final TokenVault tokens;
    private final SessionHistory history;
    private final ConnectConfig config;
    private final Event<ConnectionRegistered> registered;
    private final Clock clock;

    public CodeExchangeService(FinchApi finch, ConnectionRegistrar registrar, ConnectionService connections,
            TokenVault tokens, SessionHistory history, ConnectConfig config, Event<ConnectionRegistered> registered,
            Clock clock) {
        this.finch = finch;
        this.registrar = registrar;
        this.connections = connections;
        this.tokens = tokens;
        this.history = history;
        this.config = config;
        this.registered = registered;
        this.clock = clock;
    }

    /** The connection the code led to, and whether this call exchanged it (201) or an earlier one did (200). */
    public record ExchangeOutcome(ConnectionOverview connection, boolean exchanged) {
    }

    /** What the locked transaction did. */
    private record Exchanged(String connectionId, boolean exchanged, boolean connectionCreated) {
    }

    /** What Finch answered for the code, and when {@code /introspect} was read (Finch's time of the status). */
    private record Grant(TokenExchange token, Introspection introspection, Instant readAt) {
    }

    public Uni<ExchangeOutcome> exchange(ExchangeRequest request) {
        ExchangeRequest valid = request.validated();
        return exchange(valid.code(), valid.sessionId(), valid.redirectUri());
    }

    /**
     * The redirect flow's landing: {@code state} may carry the session_id; the redirect_uri Finch expects back is
     * the session's own, else the configured one. Always answers with where to send the browser.
     */
    public Uni<URI> callbackLanding(String code, String state) {
        String sessionId = state == null || state.isBlank() || state.length() > MAX_STATE_LENGTH ? null : state;
        if (code == null || code.isBlank()) {
            return Uni.createFrom().item(failurePage("missing_code", sessionId));
        }
        return Panache.withSession(() -> sessionId == null ? Uni.createFrom().<ConnectSession>nullItem()
                : ConnectSession.<ConnectSession>findById(sessionId))
                .chain(session -> session != null ? exchange(code, session.sessionId, null)
                        : exchange(code, null, config.callback().redirectUri().orElse(null)))
                .map(outcome -> successPage(outcome.connection().connectionId(), sessionId))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Connect callback exchange failed for session %s: %s", sessionId, failure.getMessage());
                    return failurePage(errorCode(failure), sessionId);
                });
    }

    private Uni<ExchangeOutcome> exchange(String code, String sessionId, String redirectUri) {
        byte[] codeHash = ApiKeys.sha256(code);
        return Panache.withTransaction(() -> AdvisoryLocks
                .lockForTransaction("exchanged-code", HexFormat.of().formatHex(codeHash))
                .chain(() -> ExchangedCode.findByHash(codeHash))
                .chain(earlier -> earlier != null
                        ? Uni.createFrom().item(new Exchanged(earlier.connectionId, false, false))
                        : exchangeWithFinch(code, codeHash, sessionId, redirectUri)))
                .onFailure().call(failure -> recordFailure(sessionId, failure))
                .call(this::announceNewConnection)
                .chain(done -> connections.overview(done.connectionId())
                        .map(overview -> new ExchangeOutcome(overview, done.exchanged())));
    }

    /**
     * Finch wants the redirect_uri back exactly as the session had it (redirect flow) and none otherwise, so a
     * caller naming the session need not repeat it.
     */
    private Uni<Exchanged> exchangeWithFinch(String code, byte[] codeHash, String sessionId, String redirectUri) {
        return (redirectUri != null ? Uni.createFrom().item(redirectUri) : sessionRedirectUri(sessionId))
                .chain(sessionRedirectUri -> finch.exchangeCode(code, sessionRedirectUri))
                .onFailure(FinchException.class).transform(e -> refusedCodeOrAsIs((FinchException) e))
                .chain(token -> finch.introspect(token.accessToken())
                        .map(introspection -> new Grant(token, introspection, Instant.now(clock))))
                .chain(grant -> sessionToComplete(sessionId, grant.token().customerId())
                        .chain(session -> register(grant, session, codeHash)));
    }

    /** Read as a value, not an entity: the session is locked only after Finch answered (below). */
    private static Uni<String> sessionRedirectUri(String sessionId) {
        if (sessionId == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                        "select s.redirectUri from ConnectSession s where s.sessionId = :sessionId", String.class)
                        .setParameter("sessionId", sessionId)
                        .getSingleResultOrNull());
    }

    /**
     * The session named by the caller, else the customer's newest unexpired session not yet linked to a connection
     * (relayed events may already have marked it completed, failed or closed); locked only now,
     * after Finch answered, so progress events for it are not held up by the Finch calls.
     */
    private static Uni<ConnectSession> sessionToComplete(String sessionId, String customerId) {
        Uni<ConnectSession> named = sessionId == null ? Uni.createFrom().nullItem()
                : ConnectSession.<ConnectSession>findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
        return named.chain(session -> session != null || customerId == null ? Uni.createFrom().item(session)
                : ConnectSession.<ConnectSession>find(
                        "customerId = ?1 and connectionId is null and status <> 'expired' order by createdAt desc",
                        customerId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult());
    }

    private Uni<Exchanged> register(Grant grant, ConnectSession session, byte[] codeHash) {
        String cause = session != null && ConnectSession.KIND_REAUTHENTICATE.equals(session.kind)
                ? TokenVault.SOURCE_REAUTHENTICATE : TokenVault.SOURCE_EXCHANGE;
        return registrar.register(ConnectionFacts.from(grant.introspection(), grant.token()), observation(grant, cause))
                .call(stored -> tokens.store(stored.connection().connectionId, grant.token().accessToken(),
                        tokenDetails(grant, session, cause), true))
                .call(stored -> ExchangedCode.of(codeHash, stored.connection().connectionId,
                        session == null ? null : session.sessionId, Instant.now(clock)).persist())
                .call(stored -> session == null ? Uni.createFrom().voidItem()
                        : complete(session, stored.connection()))
                .map(stored -> new Exchanged(stored.connection().connectionId, true, stored.created()));
    }

    /** The status as of when /introspect was read; a status Finch left out is kept visible as {@code unknown}. */
    private static StatusObservation observation(Grant grant, String cause) {
        ConnectionStatus status = grant.introspection().connectionStatus();
        return StatusObservation.fromIntrospection(
                status == null || status.status() == null ? UNKNOWN_STATUS : status.status(),
                status == null ? null : status.message(), grant.readAt(), cause);
    }

    private Uni<Void> complete(ConnectSession session, Connection connection) {
        Instant now = Instant.now(clock);
        session.status = "completed";
        session.connectionId = connection.connectionId;
        session.completedAt = now;
        session.updatedAt = now;
        if (session.providerId == null) {
            session.providerId = connection.providerId;
        }
        return history.recordServiceEvent(session.sessionId, SessionHistory.CODE_EXCHANGED,
                SessionHistory.details("connection_id", connection.connectionId, "provider_id", connection.providerId))
                .replaceWithVoid();
    }

    private static TokenVault.TokenDetails tokenDetails(Grant grant, ConnectSession session, String source) {
        String authMethod = session != null && session.authMethod != null ? session.authMethod
                : onlyAuthenticationMethod(grant.introspection());
        return new TokenVault.TokenDetails(grant.introspection().id(), grant.introspection().providerId(), authMethod,
                source);
    }

    private static String onlyAuthenticationMethod(Introspection introspection) {
        List<com.acme.finchconnections.finch.AuthenticationMethod> methods = introspection.authenticationMethods();
        return methods != null && methods.size() == 1 ? methods.get(0).type() : null;
    }

    /** Parked webhook events for a connection that did not exist before this exchange can be applied now. */
    private Uni<Void> announceNewConnection(Exchanged done) {
        if (!done.connectionCreated()) {
            return Uni.createFrom().voidItem();
        }
        ConnectionRegistered event = new ConnectionRegistered(done.connectionId());
        // Observers may be synchronous or asynchronous; each kind only hears its own way of firing.
        try {
            registered.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "A ConnectionRegistered observer failed for connection %s", done.connectionId());
        }
        registered.fireAsync(event).exceptionally(e -> {
            LOG.errorf(e, "An asynchronous ConnectionRegistered observer failed for connection %s",
                    done.connectionId());
            return null;
        });
        return Uni.createFrom().voidItem();
    }

    /** The session's history keeps Finch's message; recording it never hides the original failure. */
    private Uni<Void> recordFailure(String sessionId, Throwable failure) {
        if (sessionId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> ConnectSession.<ConnectSession>findById(sessionId)
                .chain(session -> session == null ? Uni.createFrom().voidItem()
                        : history.recordFailure(sessionId, SessionHistory.EXCHANGE_FAILED, messageOf(failure),
                                errorCode(failure), SessionHistory.details("finch_code", finchCode(failure),
                                        "finch_request_id", requestIdOf(failure)))
                                .replaceWithVoid()))
                .onFailure().invoke(e -> LOG.warnf("Could not record exchange_failed on session %s: %s", sessionId,
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * A code Finch refuses (invalid, expired, used elsewhere) is the caller's problem, not Finch's: 400 with
     * Finch's code. Anything else stays a Finch failure (502/503/504).
     */
    private static Throwable refusedCodeOrAsIs(FinchException e) {
        if (e.httpStatus() != 400 && !e.isInvalidGrant()) {
            return e;
        }
        return new ProblemException(400, Problems.type("code-refused"), "Code refused",
                "Finch refused the authorization code" + (e.message() == null ? "" : ": " + e.message()), e)
                .with("finch_code", e.finchCodeOrName())
                .with("finch_request_id", e.requestId());
    }

    /** Finch's own message when Finch answered; otherwise what went wrong, in our words. */
    private static String messageOf(Throwable failure) {
        FinchException finchFailure = finchFailureOf(failure);
        if (finchFailure != null && finchFailure.message() != null) {
            return finchFailure.message();
        }
        return finchFailure != null ? finchFailure.getMessage() : failure.getMessage();
    }

    private static String requestIdOf(Throwable failure) {
        FinchException finchFailure = finchFailureOf(failure);
        return finchFailure == null ? null : finchFailure.requestId();
    }

    private static FinchException finchFailureOf(Throwable failure) {
        return failure instanceof FinchException finchFailure ? finchFailure
                : failure.getCause() instanceof FinchException cause ? cause : null;
    }

    private static String finchCode(Throwable failure) {
        if (failure instanceof FinchException finchFailure) {
            return finchFailure.finchCodeOrName();
        }
        if (failure instanceof ProblemException problem && problem.members().get("finch_code") != null) {
            return problem.members().get("finch_code").toString();
        }
        return null;
    }

    private static String errorCode(Throwable failure) {
        String finchCode = finchCode(failure);
        if (finchCode != null) {
            return finchCode;
        }
        if (failure instanceof FinchException) {
            return "finch_unavailable";
        }
        if (failure instanceof ProblemException problem) {
            return problem.type().substring(problem.type().lastIndexOf(':') + 1).replace('-', '_');
        }
        return "internal_error";
    }

    private URI successPage(String connectionId, String sessionId) {
        UriBuilder page = UriBuilder.fromUri(config.callback().successUrl()).queryParam("connection_id", connectionId);
        return (sessionId == null ? page : page.queryParam("session_id", sessionId)).build();
    }

    private URI failurePage(String error, String sessionId) {
        UriBuilder page = UriBuilder.fromUri(config.callback().failureUrl()).queryParam("error", error);
        return (sessionId == null ? page : page.queryParam("session_id", sessionId)).build();
    }
}
