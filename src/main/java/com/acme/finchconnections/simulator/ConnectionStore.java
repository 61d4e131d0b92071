package com.acme.finchconnections.simulator;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The simulator's connections, access tokens and authorization codes. Tokens and codes are kept hashed. */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class ConnectionStore {

    /** A token as handed out once; only its hash is stored. */
    record IssuedToken(String accessToken, String tokenId) {
        @Override
        public String toString() {
            return "IssuedToken[tokenId=" + tokenId + "]";
        }
    }

    /** A code's row, read under lock before it is spent. */
    record StoredCode(String sessionId, String connectionId, String redirectUri, Instant expiresAt, Instant usedAt) {
    }

    /** The connection behind a live token, and the token's id (introspect's {@code id}). */
    record TokenOwner(String tokenId, SimConnection connection) {
    }

    Uni<SimConnection> find(SqlClient client, String connectionId) {
        return client.preparedQuery("select * from sim_connection where connection_id = $1")
                .execute(Tuple.of(connectionId))
                .map(rows -> SimRows.first(rows, SimConnection::from));
    }

    Uni<SimConnection> findForUpdate(SqlClient client, String connectionId) {
        return client.preparedQuery("select * from sim_connection where connection_id = $1 for update")
                .execute(Tuple.of(connectionId))
                .map(rows -> SimRows.first(rows, SimConnection::from));
    }

    /** The customer's connection that still counts as connected (a disconnected one lets the customer start over). */
    Uni<SimConnection> findConnectedCustomer(SqlClient client, String customerId) {
        return client.preparedQuery("""
                select * from sim_connection
                where customer_id = $1 and status <> 'disconnected'
                order by created_at desc limit 1""")
                .execute(Tuple.of(customerId))
                .map(rows -> SimRows.first(rows, SimConnection::from));
    }

    Uni<SimConnection> findByCompany(SqlClient client, String companyId, String providerId) {
        return client.preparedQuery("""
                select * from sim_connection
                where company_id = $1 and provider_id = $2 and status <> 'disconnected'
                order by created_at desc limit 1""")
                .execute(Tuple.of(companyId, providerId))
                .map(rows -> SimRows.first(rows, SimConnection::from));
    }

    Uni<TokenOwner> findByToken(SqlClient client, String accessToken) {
        return client.preparedQuery("""
                select t.token_id, c.* from sim_access_token t
                join sim_connection c on c.connection_id = t.connection_id
                where t.token_hash = $1 and t.revoked_at is null""")
                .execute(Tuple.of(SimIds.hash(accessToken)))
                .map(rows -> SimRows.first(rows, row -> new TokenOwner(row.getString("token_id"), SimConnection.from(row))));
    }

    Uni<Void> insert(SqlClient client, SimConnection connection, Instant now) {
        return client.preparedQuery("""
                insert into sim_connection (connection_id, customer_id, customer_name, customer_email, provider_id,
                    authentication_type, connection_type, client_type, products, manual, account_id, company_id,
                    entity_id, username, status, status_message, last_successful_sync, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)""")
                .execute(Tuple.from(new Object[] { connection.connectionId(), connection.customerId(),
                        connection.customerName(), connection.customerEmail(), connection.providerId(),
                        connection.authenticationType(), connection.connectionType(), connection.clientType(),
                        SimRows.json(connection.products()), connection.manual(), connection.accountId(),
                        connection.companyId(), connection.entityId(), connection.username(), connection.status(),
                        connection.statusMessage(), SimRows.at(connection.lastSuccessfulSync()), SimRows.at(now) }))
                .replaceWithVoid();
    }

    /** After a reauthentication: connected again, with the products the session asked for. */
    Uni<Void> reconnect(SqlClient client, String connectionId, java.util.List<String> products, Instant now) {
        return client.preparedQuery("""
                update sim_connection set status = 'connected', status_message = null,
                    products = coalesce($2, products), updated_at = $3
                where connection_id = $1""")
                .execute(Tuple.of(connectionId, products == null || products.isEmpty() ? null : SimRows.json(products),
                        SimRows.at(now)))
                .replaceWithVoid();
    }

    Uni<Void> updateStatus(SqlClient client, String connectionId, String status, Instant now) {
        return client.preparedQuery("""
                update sim_connection set status = $2, status_message = null, updated_at = $3
                where connection_id = $1""")
                .execute(Tuple.of(connectionId, status, SimRows.at(now)))
                .replaceWithVoid();
    }

    Uni<Void> recordSuccessfulSync(SqlClient client, String connectionId, Instant at) {
        return client.preparedQuery("update sim_connection set last_successful_sync = $2, updated_at = $2 where connection_id = $1")
                .execute(Tuple.of(connectionId, SimRows.at(at)))
                .replaceWithVoid();
    }

    Uni<Void> setWebhookUrl(SqlClient client, String connectionId, String url) {
        return client.preparedQuery("update sim_connection set webhook_url = $2 where connection_id = $1")
                .execute(Tuple.of(connectionId, url))
                .replaceWithVoid();
    }

    Uni<Void> setJobDuration(SqlClient client, String connectionId, Long millis) {
        return client.preparedQuery("update sim_connection set job_duration_ms = $2 where connection_id = $1")
                .execute(Tuple.of(connectionId, millis))
                .replaceWithVoid();
    }

    Uni<IssuedToken> issueToken(SqlClient client, String connectionId, String sessionId, Instant now) {
        IssuedToken token = new IssuedToken(SimIds.secret(), SimIds.uuid());
        return client.preparedQuery("""
                insert into sim_access_token (token_hash, token_id, connection_id, session_id, created_at)
                values ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(SimIds.hash(token.accessToken()), token.tokenId(), connectionId, sessionId,
                        SimRows.at(now)))
                .replaceWith(token);
    }

    Uni<Void> revokeTokens(SqlClient client, String connectionId, Instant now) {
        return client.preparedQuery("""
                update sim_access_token set revoked_at = $2 where connection_id = $1 and revoked_at is null""")
                .execute(Tuple.of(connectionId, SimRows.at(now)))
                .replaceWithVoid();
    }

    Uni<Void> insertCode(SqlClient client, String code, String sessionId, String connectionId, String redirectUri,
            Instant now, Instant expiresAt) {
        return client.preparedQuery("""
                insert into sim_authorization_code (code_hash, session_id, connection_id, redirect_uri, created_at, expires_at)
                values ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.of(SimIds.hash(code), sessionId, connectionId, redirectUri, SimRows.at(now),
                        SimRows.at(expiresAt)))
                .replaceWithVoid();
    }

    Uni<StoredCode> findCodeForUpdate(SqlClient client, String code) {
        return client.preparedQuery("select * from sim_authorization_code where code_hash = $1 for update")
                .execute(Tuple.of(SimIds.hash(code)))
                .map(rows -> SimRows.first(rows, row -> new StoredCode(row.getString("session_id"),
                        row.getString("connection_id"), row.getString("redirect_uri"),
                        SimRows.instant(row, "expires_at"), SimRows.instant(row, "used_at"))));
    }

    Uni<Void> spendCode(SqlClient client, String code, Instant now) {
        return client.preparedQuery("update sim_authorization_code set used_at = $2 where code_hash = $1")
                .execute(Tuple.of(SimIds.hash(code), SimRows.at(now)))
                .replaceWithVoid();
    }

    /** Serializes everything done for one key (a customer, a connection) inside the current transaction. */
    static Uni<Void> lock(SqlClient transaction, String key) {
        return transaction.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("finch-sim:" + key))
                .replaceWithVoid();
    }
}
