package com.acme.finchconnections.simulator;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The simulator's Connect sessions. */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SessionStore {

    Uni<SimSession> find(SqlClient client, String sessionId) {
        return client.preparedQuery("select * from sim_session where session_id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> SimRows.first(rows, SimSession::from));
    }

    Uni<SimSession> findForUpdate(SqlClient client, String sessionId) {
        return client.preparedQuery("select * from sim_session where session_id = $1 for update")
                .execute(Tuple.of(sessionId))
                .map(rows -> SimRows.first(rows, SimSession::from));
    }

    /** The customer's open, unexpired connect session, which Finch refreshes instead of creating another. */
    Uni<SimSession> findOpenConnectSession(SqlClient client, String customerId, Instant now) {
        return client.preparedQuery("""
                select * from sim_session
                where customer_id = $1 and kind = 'connect' and status = 'open' and expires_at > $2
                order by created_at desc limit 1""")
                .execute(Tuple.of(customerId, SimRows.at(now)))
                .map(rows -> SimRows.first(rows, SimSession::from));
    }

    Uni<SimSession> findOpenReauthentication(SqlClient client, String connectionId, Instant now) {
        return client.preparedQuery("""
                select * from sim_session
                where connection_id = $1 and kind = 'reauthenticate' and status = 'open' and expires_at > $2
                order by created_at desc limit 1""")
                .execute(Tuple.of(connectionId, SimRows.at(now)))
                .map(rows -> SimRows.first(rows, SimSession::from));
    }

    Uni<Void> insert(SqlClient client, SimSession session, Instant now) {
        return client.preparedQuery("""
                insert into sim_session (session_id, kind, customer_id, customer_name, customer_email, connection_id,
                    products, provider_id, auth_method, manual, sandbox, redirect_uri, status, created_at, updated_at,
                    expires_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $13, $14)""")
                .execute(Tuple.from(new Object[] { session.sessionId(), session.kind(), session.customerId(),
                        session.customerName(), session.customerEmail(), session.connectionId(),
                        SimRows.json(session.products()), session.providerId(), session.authMethod(),
                        session.manual(), session.sandbox(), session.redirectUri(), SimRows.at(now),
                        SimRows.at(session.expiresAt()) }))
                .replaceWithVoid();
    }

    /** Finch "refreshes" an open session: same id, the parameters of the latest request, a new expiry. */
    Uni<Void> refresh(SqlClient client, SimSession session, Instant now) {
        return client.preparedQuery("""
                update sim_session set customer_name = $2, customer_email = $3, products = $4, provider_id = $5,
                    auth_method = $6, manual = $7, sandbox = $8, redirect_uri = $9, expires_at = $10, updated_at = $11
                where session_id = $1""")
                .execute(Tuple.from(new Object[] { session.sessionId(), session.customerName(),
                        session.customerEmail(), SimRows.json(session.products()), session.providerId(),
                        session.authMethod(), session.manual(), session.sandbox(), session.redirectUri(),
                        SimRows.at(session.expiresAt()), SimRows.at(now) }))
                .replaceWithVoid();
    }

    Uni<Void> complete(SqlClient client, String sessionId, String connectionId, Instant now) {
        return client.preparedQuery("""
                update sim_session set status = 'completed', connection_id = $2, updated_at = $3
                where session_id = $1""")
                .execute(Tuple.of(sessionId, connectionId, SimRows.at(now)))
                .replaceWithVoid();
    }
}
