package com.acme.finchconnections.migration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.acme.finchconnections.common.crypto.SealedToken;
import com.acme.finchconnections.common.crypto.TokenCipher;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;

@QuarkusTest
class MigrationTest {

    static final String API_KEY = "fc_dev_local_api_key";

    @Inject
    Pool database;

    @Inject
    TokenCipher cipher;

    @Inject
    MigrationRunner runner;

    @Test
    void mixedBatchEndsWithTheRightConnectionsAndFailures() {
        Map<String, Object> valid = Sandbox.newConnection();
        Map<String, Object> reauth = Sandbox.newConnection();
        Sandbox.setStatus(token(reauth), "reauth");
        String invalidToken = "legacy-" + UUID.randomUUID();
        String secondTokenOfValid = Sandbox.secondToken(valid);
        String callerAccountId = "acct-" + UUID.randomUUID();

        List<Map<String, Object>> records = List.of(
                record(token(valid), valid.get("account_id"), valid.get("company_id")),
                record(invalidToken, "acct-invalid-" + UUID.randomUUID(), null),
                record(token(reauth), reauth.get("account_id"), reauth.get("company_id")),
                // A second legacy record of the same connection, known to the caller by another account id.
                record(secondTokenOfValid, callerAccountId, null));

        JsonPath result = completed(start(records));

        assertThat(result.getString("status"), equalTo("completed"));
        assertThat(result.getInt("total"), equalTo(4));
        assertThat(result.prettify(), result.getInt("migrated"), equalTo(3));
        assertThat(result.getInt("failed"), equalTo(1));
        assertThat(result.getList("failures"), hasSize(1));
        assertThat(result.getInt("failures[0].index"), equalTo(1));
        assertThat(result.getString("failures[0].account_id"), startsWith("acct-invalid-"));
        assertThat(result.getString("failures[0].error"), notNullValue());
        assertThat(result.prettify(), not(containsString(invalidToken)));

        String validConnection = connectionId(valid);
        // Both legacy records of the valid connection merged into it, each id still finds it.
        assertThat(connectionIdsByAccount(String.valueOf(valid.get("account_id"))), equalTo(List.of(validConnection)));
        assertThat(connectionIdsByAccount(callerAccountId), equalTo(List.of(validConnection)));
        assertThat(tokenSources(validConnection), equalTo(List.of("migration", "migration")));
        assertThat(status(connectionId(reauth)), equalTo("reauth"));
        assertThat(status(validConnection), equalTo("connected"));
    }

    @Test
    void runningTheSameRecordsAgainChangesNothing() {
        Map<String, Object> valid = Sandbox.newConnection();
        List<Map<String, Object>> records = List.of(record(token(valid), valid.get("account_id"), null));
        completed(start(records));
        String connectionId = connectionId(valid);
        long eventsBefore = count("select count(*) from connection_event where connection_id = $1 and status_changed",
                connectionId);

        JsonPath again = completed(start(records));

        assertThat(again.prettify(), again.getInt("migrated"), equalTo(1));
        assertThat(tokenSources(connectionId), hasSize(1));
        assertThat(count("select count(*) from connection where connection_id = $1", connectionId), equalTo(1L));
        assertThat(count("select count(*) from connection_event where connection_id = $1 and status_changed",
                connectionId), equalTo(eventsBefore));
    }

    @Test
    void unknownMigrationIsNotFound() {
        given().auth().oauth2(API_KEY).when().get("/api/v1/migrations/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:not-found"));
        given().auth().oauth2(API_KEY).when().get("/api/v1/migrations/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void everyInvalidRecordIsListedByItsJsonPath() {
        long migrationsBefore = count("select count(*) from migration");
        String body = """
                {"connections": [
                  {"access_token": "fine-token-1"},
                  {"account_id": "a-1"},
                  {"access_token": 5},
                  {"access_token": "fine-token-2", "company_id": {"x": 1}},
                  "not-an-object",
                  {"access_token": "has a space"},
                  {"access_token": "fine-token-3", "customer_name": "%s"}
                ]}""".formatted("n".repeat(300));

        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:validation-failed"))
                .body("violations.field", containsInAnyOrder("connections[1].access_token",
                        "connections[2].access_token", "connections[3].company_id", "connections[4]",
                        "connections[5].access_token", "connections[6].customer_name"));
        assertThat(count("select count(*) from migration"), equalTo(migrationsBefore));
    }

    @Test
    void aFailureAfterManyBatchesLeavesNothingBehind() {
        long recordsBefore = count("select count(*) from migration_record");
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            records.add(record("token-" + i, null, null));
        }
        records.add(record("", null, null));

        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(Map.of("connections", records))
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400)
                .body("violations.field", equalTo(List.of("connections[130].access_token")));
        assertThat(count("select count(*) from migration_record"), equalTo(recordsBefore));
    }

    @Test
    void recordsOverSeveralBatchesAreAllMigrated() {
        Map<String, Object> valid = Sandbox.newConnection();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            records.add(record(token(valid), "acct-" + i + "-" + UUID.randomUUID(), null));
        }

        JsonPath result = completed(start(records));

        assertThat(result.getInt("total"), equalTo(120));
        assertThat(result.prettify(), result.getInt("migrated"), equalTo(120));
        assertThat(tokenSources(connectionId(valid)), hasSize(1));
        assertThat(count("select count(*) from connection_legacy_id where connection_id = $1", connectionId(valid)),
                greaterThanOrEqualTo(120L));
    }

    @Test
    void malformedJsonAndWrongShapesAreBadRequests() {
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body("{\"connections\": [{\"access_token\": ")
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:malformed-json"));
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400).body("violations[0].field", equalTo("body"));
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body("{\"connections\": {}}")
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400).body("violations[0].field", equalTo("connections"));
        given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body("{\"connections\": []}")
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(400).body("violations[0].field", equalTo("connections"));
    }

    @Test
    void bodyDeclaredAboveTheLimitIsRefusedWithAProblem() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/migrations/introspect HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + API_KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 70000000\r\n\r\n{\"connections\": [").getBytes(StandardCharsets.US_ASCII));
            String response = readUntil(socket, "}");
            assertThat(response, startsWith("HTTP/1.1 413"));
            assertThat(response, containsString("application/problem+json"));
            assertThat(response, containsString("urn:finch-connections:problem:payload-too-large"));
        }
    }

    @Test
    void migrationNeedsAnApiKey() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(401);
    }

    @Test
    void emptyBodyRechecksEveryStoredToken() {
        Map<String, Object> connection = Sandbox.newConnection();
        completed(start(List.of(record(token(connection), null, null))));
        assertThat(status(connectionId(connection)), equalTo("connected"));
        Sandbox.setStatus(token(connection), "reauth");

        Response accepted = given().auth().oauth2(API_KEY)
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(202)
                .body("kind", equalTo("recheck"))
                .extract().response();
        JsonPath result = completed(accepted.path("migration_id"));

        assertThat(result.getInt("migrated") + result.getInt("failed"), equalTo(result.getInt("total")));
        assertThat(result.getInt("total"), greaterThanOrEqualTo(1));
        assertThat(status(connectionId(connection)), equalTo("reauth"));
        assertThat(tokenSources(connectionId(connection)), hasSize(1));
    }

    @Test
    void migrationsAreListedNewestFirst() {
        Map<String, Object> connection = Sandbox.newConnection();
        String first = start(List.of(record(token(connection), null, null)));
        String second = start(List.of(record(token(connection), null, null)));

        given().auth().oauth2(API_KEY).queryParam("limit", 1).when().get("/api/v1/migrations")
                .then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].migration_id", equalTo(second))
                .body("next_cursor", notNullValue());
        completed(first);
        completed(second);
    }

    @Test
    void runInterruptedByARestartResumesAndCountsEachRecordOnce() {
        Map<String, Object> first = Sandbox.newConnection();
        Map<String, Object> second = Sandbox.newConnection();
        Map<String, Object> third = Sandbox.newConnection();
        // What the stopped instance had done: record 0 migrated (its connection and token stored, counted),
        // record 1 claimed but not finished (its lease ran out with the instance), record 2 not yet claimed.
        completed(start(List.of(record(token(first), null, null))));
        UUID migrationId = UUID.randomUUID();
        execute("""
                insert into migration (migration_id, kind, status, total, migrated, failed, created_at, updated_at)
                values ($1, 'records', 'running', 3, 1, 0, now() - interval '1 hour', now())""", migrationId);
        execute("""
                insert into migration_record (migration_id, record_index, state, connection_id, attempts, updated_at)
                values ($1, 0, 'migrated', $2, 1, now())""", migrationId, connectionId(first));
        insertPending(migrationId, 1, token(second), "instance-stopped", "now() - interval '1 minute'", 1);
        insertPending(migrationId, 2, token(third), null, "null", 0);

        runner.kick();
        JsonPath result = completed(migrationId.toString());

        assertThat(result.prettify(), result.getString("status"), equalTo("completed"));
        assertThat(result.getInt("migrated"), equalTo(3));
        assertThat(result.getInt("failed"), equalTo(0));
        assertThat(tokenSources(connectionId(first)), hasSize(1));
        assertThat(tokenSources(connectionId(second)), hasSize(1));
        assertThat(tokenSources(connectionId(third)), hasSize(1));
        assertThat(count("select count(*) from migration_record where migration_id = $1 and ciphertext is not null",
                migrationId), equalTo(0L));
    }

    @Test
    void recordLeasedByAnotherLiveInstanceIsLeftAloneUntilItsLeaseRunsOut() {
        Map<String, Object> connection = Sandbox.newConnection();
        UUID migrationId = UUID.randomUUID();
        execute("""
                insert into migration (migration_id, kind, status, total, migrated, failed, created_at, updated_at)
                values ($1, 'records', 'running', 1, 0, 0, now(), now())""", migrationId);
        insertPending(migrationId, 0, token(connection), "instance-alive", "now() + interval '1 hour'", 1);

        runner.kick();
        await().atMost(Duration.ofSeconds(60)).until(() -> !runner.busy());
        assertThat(migration(migrationId.toString()).getString("status"), equalTo("running"));

        execute("update migration_record set lease_until = now() - interval '1 second' where migration_id = $1",
                migrationId);
        runner.kick();
        JsonPath result = completed(migrationId.toString());
        assertThat(result.getInt("migrated"), equalTo(1));
        assertThat(tokenSources(connectionId(connection)), hasSize(1));
    }

    @Test
    void runWhoseTokensCannotBeDecryptedAbortsAsFailed() {
        UUID migrationId = UUID.randomUUID();
        execute("""
                insert into migration (migration_id, kind, status, total, migrated, failed, created_at, updated_at)
                values ($1, 'records', 'running', 2, 0, 0, now(), now())""", migrationId);
        for (int index = 0; index < 2; index++) {
            // Sealed under a key this service no longer has (removed after a rotation).
            database.preparedQuery("""
                    insert into migration_record (migration_id, record_index, key_id, ciphertext, state, updated_at)
                    values ($1, $2, 'retired-key', $3, 'pending', now())""")
                    .execute(Tuple.of(migrationId, index, Buffer.buffer(new byte[48])))
                    .await().indefinitely();
        }

        runner.kick();
        JsonPath result = completed(migrationId.toString());

        assertThat(result.getString("status"), equalTo("failed"));
        assertThat(result.getString("error"), containsString("retired-key"));
        assertThat(result.getInt("migrated"), equalTo(0));
        assertThat(result.getString("completed_at"), notNullValue());
    }

    @Test
    void rateLimitStormSlowsTheRunWithoutFailures() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(token(Sandbox.newConnection()), null, null));
        }
        // More 429s than the Finch client's own retries absorb: the run itself has to wait them out.
        String storm = Sandbox.rateLimitStorm(16, 1);

        JsonPath result = completed(start(records));

        assertThat(result.prettify(), result.getInt("migrated"), equalTo(4));
        assertThat(result.getInt("failed"), equalTo(0));
        assertThat(Sandbox.faultHits(storm), equalTo(16));
    }

    private void insertPending(UUID migrationId, int index, String token, String leaseOwner, String leaseUntil,
            int attempts) {
        SealedToken sealed = cipher.seal(token);
        database.preparedQuery("""
                insert into migration_record (migration_id, record_index, key_id, ciphertext, state, attempts,
                                              lease_owner, lease_until, updated_at)
                values ($1, $2, $3, $4, 'pending', $5, $6, %s, now())""".formatted(leaseUntil))
                .execute(Tuple.of(migrationId, index, sealed.keyId(), Buffer.buffer(sealed.ciphertext()), attempts,
                        leaseOwner))
                .await().indefinitely();
    }

    /** The server may keep the connection open while the client "still sends": read only what was answered. */
    private static String readUntil(Socket socket, String end) throws java.io.IOException {
        StringBuilder response = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = socket.getInputStream().read(buffer)) > 0) {
            response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            int body = response.indexOf("\r\n\r\n");
            if (body >= 0 && response.indexOf(end, body) >= 0) {
                break;
            }
        }
        return response.toString();
    }

    private void execute(String sql, Object... parameters) {
        database.preparedQuery(sql).execute(Tuple.wrap(parameters)).await().indefinitely();
    }

    // ---- helpers ----

    static Map<String, Object> record(Object token, Object accountId, Object companyId) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("access_token", token);
        if (accountId != null) {
            record.put("account_id", accountId);
        }
        if (companyId != null) {
            record.put("company_id", companyId);
        }
        return record;
    }

    static String start(List<Map<String, Object>> records) {
        return given().auth().oauth2(API_KEY).contentType(ContentType.JSON).body(Map.of("connections", records))
                .when().post("/api/v1/migrations/introspect")
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/migrations/"))
                .body("total", equalTo(records.size()))
                .extract().path("migration_id");
    }

    static JsonPath completed(String migrationId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(migration(migrationId).getString("status")));
        return migration(migrationId);
    }

    static JsonPath migration(String migrationId) {
        return given().auth().oauth2(API_KEY).when().get("/api/v1/migrations/" + migrationId)
                .then().statusCode(200).extract().jsonPath();
    }

    static String token(Map<String, Object> connection) {
        return (String) connection.get("access_token");
    }

    static String connectionId(Map<String, Object> connection) {
        return (String) connection.get("connection_id");
    }

    /** What a legacy caller does: find the connection by the id it knows. */
    static List<String> connectionIdsByAccount(String accountId) {
        return given().auth().oauth2(API_KEY).queryParam("account_id", accountId)
                .when().get("/api/v1/connections")
                .then().statusCode(200)
                .extract().path("data.connection_id");
    }

    List<String> tokenSources(String connectionId) {
        List<String> sources = new ArrayList<>();
        database.preparedQuery("select source from access_token where connection_id = $1 and revoked_at is null")
                .execute(Tuple.of(connectionId)).await().indefinitely()
                .forEach((Row row) -> sources.add(row.getString(0)));
        return sources;
    }

    String status(String connectionId) {
        return database.preparedQuery("select status from connection where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().indefinitely().iterator().next().getString(0);
    }

    long count(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.wrap(parameters)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
