package com.acme.finchconnections.connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Connection reads over rows written straight to the database, so every field's source is known exactly. */
@QuarkusTest
class ConnectionReadTest {

    static final String API_KEY = "fc_dev_local_api_key";
    static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    @Inject
    PgPool database;

    @Test
    void overviewShowsEachProductsStatusTheGroupsLegacyIdsAndTokenHistory() {
        String connectionId = "conn-" + UUID.randomUUID();
        insertConnection(connectionId, "acme-" + UUID.randomUUID(), "gusto", "connected", T, "acc-new", "comp-new",
                "[\"company\",\"directory\",\"payment\",\"pay_statement\",\"benefits\",\"documents\",\"shiny_new_product\"]",
                "[{\"type\":\"credential\",\"status\":\"connected\",\"products\":[\"company\",\"directory\",\"payment\"]},"
                        + "{\"type\":\"assisted\",\"status\":\"pending\",\"message\":\"Finch is setting up\","
                        + "\"products\":[\"pay_statement\",\"benefits\"]}]");
        sql("insert into connection_legacy_id (connection_id, account_id, company_id, created_at) values ($1, $2, $3, $4)",
                Tuple.of(connectionId, "acc-old", "comp-old", T.atOffset(java.time.ZoneOffset.UTC)));
        sql("insert into connection_product_activity (connection_id, product, last_changed_at) values ($1, $2, $3)",
                Tuple.of(connectionId, "directory", T.plusSeconds(60).atOffset(java.time.ZoneOffset.UTC)));
        insertToken(connectionId, "exchange", T, T.plusSeconds(3600));
        insertToken(connectionId, "reauthenticate", T.plusSeconds(3600), null);

        Response overview = get("/api/v1/connections/{id}", connectionId);
        overview.then().statusCode(200)
                .body("connection_id", equalTo(connectionId))
                .body("status", equalTo("connected"))
                .body("products.product", contains("company", "directory", "payment", "pay_statement", "benefits",
                        "documents", "shiny_new_product"))
                .body("products.status", contains("connected", "connected", "connected", "pending", "pending",
                        "connected", "connected"))
                .body("products[1].last_changed_at", equalTo("2025-03-01T10:01:00Z"))
                .body("products[0].last_changed_at", nullValue())
                .body("product_groups.group", contains("organization", "payroll", "deductions", "other"))
                .body("product_groups.status", contains("connected", "pending", "pending", "connected"))
                .body("product_groups[1].products", contains("payment", "pay_statement"))
                .body("product_groups[3].products", contains("documents", "shiny_new_product"))
                .body("authentication_methods.type", contains("credential", "assisted"))
                .body("authentication_methods[1].message", equalTo("Finch is setting up"))
                .body("account_id", equalTo("acc-new"))
                .body("legacy_ids", hasSize(1))
                .body("legacy_ids[0].account_id", equalTo("acc-old"))
                .body("legacy_ids[0].company_id", equalTo("comp-old"))
                .body("tokens.source", contains("reauthenticate", "exchange"))
                .body("tokens[0].revoked_at", nullValue())
                .body("tokens[1].revoked_at", equalTo("2025-03-01T11:00:00Z"))
                .body("tokens[0].token_id", notNullValue());
        org.hamcrest.MatcherAssert.assertThat(overview.asString(), not(containsString("access_token")));
        org.hamcrest.MatcherAssert.assertThat(overview.asString(), not(containsString("ciphertext")));
    }

    @Test
    void groupStatusIsItsWorstProduct() {
        String connectionId = "conn-" + UUID.randomUUID();
        insertConnection(connectionId, "acme-" + UUID.randomUUID(), "gusto", "connected", T, null, null,
                "[\"company\",\"directory\",\"individual\"]",
                "[{\"type\":\"credential\",\"status\":\"connected\",\"products\":[\"company\"]},"
                        + "{\"type\":\"api_token\",\"status\":\"reauth\",\"products\":[\"directory\"]},"
                        + "{\"type\":\"assisted\",\"status\":\"error_permissions\",\"products\":[\"individual\"]}]");

        get("/api/v1/connections/{id}", connectionId).then().statusCode(200)
                .body("product_groups.group", contains("organization"))
                .body("product_groups[0].status", equalTo("reauth"))
                .body("legacy_ids", empty());
    }

    @Test
    void listFiltersByCustomerProviderStatusAndLegacyIds() {
        String employer = "emp-" + UUID.randomUUID();
        String first = "conn-" + UUID.randomUUID();
        String second = "conn-" + UUID.randomUUID();
        String elsewhere = "conn-" + UUID.randomUUID();
        insertConnection(first, employer + "-1", "gusto", "connected", T, "acc-" + first, "comp-" + first, "[]", "[]");
        insertConnection(second, employer + "-2", "adp_run", "reauth", T.plusSeconds(1), null, null, "[]", "[]");
        insertConnection(elsewhere, "other-" + UUID.randomUUID(), "gusto", "connected", T.plusSeconds(2), null, null,
                "[]", "[]");
        sql("insert into connection_legacy_id (connection_id, account_id, company_id, created_at) values ($1, $2, $3, $4)",
                Tuple.of(second, "legacy-acc-" + second, "legacy-comp-" + second, T.atOffset(java.time.ZoneOffset.UTC)));

        list(given().queryParam("customer_id_prefix", employer))
                .then().statusCode(200).body("data.connection_id", contains(second, first)).body("next_cursor", nullValue());
        list(given().queryParam("customer_id_prefix", employer).queryParam("provider_id", "gusto"))
                .then().body("data.connection_id", contains(first));
        list(given().queryParam("customer_id_prefix", employer).queryParam("status", "error_reauth"))
                .then().body("data.connection_id", contains(second));
        list(given().queryParam("customer_id", employer + "-1"))
                .then().body("data.connection_id", contains(first));
        list(given().queryParam("account_id", "legacy-acc-" + second))
                .then().body("data.connection_id", contains(second));
        list(given().queryParam("company_id", "legacy-comp-" + second))
                .then().body("data.connection_id", contains(second));
        list(given().queryParam("account_id", "acc-" + first))
                .then().body("data.connection_id", contains(first));
        // LIKE wildcards in a prefix are literal: "emp_" must not match "emp-".
        list(given().queryParam("customer_id_prefix", employer.replace("emp-", "emp_")))
                .then().body("data", empty());
    }

    @Test
    void listPagesNewestFirstWithAnOpaqueCursor() {
        String employer = "pages-" + UUID.randomUUID();
        List<String> ids = List.of("conn-" + UUID.randomUUID(), "conn-" + UUID.randomUUID(), "conn-" + UUID.randomUUID());
        for (int i = 0; i < ids.size(); i++) {
            insertConnection(ids.get(i), employer + "-" + i, "gusto", "connected", T.plusSeconds(i), null, null, "[]",
                    "[]");
        }

        Response first = list(given().queryParam("customer_id_prefix", employer).queryParam("limit", 2));
        first.then().statusCode(200)
                .body("data.connection_id", contains(ids.get(2), ids.get(1)))
                .body("next_cursor", notNullValue());
        list(given().queryParam("customer_id_prefix", employer).queryParam("limit", 2)
                .queryParam("cursor", (String) first.path("next_cursor")))
                .then().statusCode(200)
                .body("data.connection_id", contains(ids.get(0)))
                .body("next_cursor", nullValue());
    }

    @Test
    void eventsAreTheAuditTrailNewestFirst() {
        String connectionId = "conn-" + UUID.randomUUID();
        insertConnection(connectionId, "acme-" + UUID.randomUUID(), "gusto", "reauth", T, null, null, "[]", "[]");
        insertEvent(connectionId, null, "exchange", "exchange", null, "connected", true);
        insertEvent(connectionId, "msg_1", "account.updated", "webhook", "connected", "reauth", true);
        insertEvent(connectionId, "msg_0", "account.updated", "webhook", "reauth", "connected", false);

        Response first = get("/api/v1/connections/{id}/events?limit=2", connectionId);
        first.then().statusCode(200)
                .body("data.event_id", contains("msg_0", "msg_1"))
                .body("data[0].event_type", equalTo("account.updated"))
                .body("data[0].cause", equalTo("webhook"))
                .body("data[0].status_changed", equalTo(false))
                .body("data[1].previous_status", equalTo("connected"))
                .body("data[1].status", equalTo("reauth"))
                .body("data[1].finch_timestamp", notNullValue())
                .body("data[1].applied_at", notNullValue())
                .body("next_cursor", notNullValue());
        given().auth().oauth2(API_KEY).queryParam("limit", 2).queryParam("cursor", (String) first.path("next_cursor"))
                .when().get("/api/v1/connections/{id}/events", connectionId)
                .then().statusCode(200)
                .body("data.cause", contains("exchange"))
                .body("data[0].event_id", nullValue())
                .body("next_cursor", nullValue());
    }

    @Test
    void unknownConnectionIsNotFound() {
        get("/api/v1/connections/{id}", "no-such-connection").then().statusCode(404)
                .contentType("application/problem+json")
                .body("connection_id", equalTo("no-such-connection"));
        get("/api/v1/connections/{id}/events", "no-such-connection").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void badLimitOrCursorIsAValidationProblem() {
        list(given().queryParam("limit", "many")).then().statusCode(400).body("violations[0].field", equalTo("limit"));
        list(given().queryParam("limit", 501)).then().statusCode(400).body("violations[0].field", equalTo("limit"));
        list(given().queryParam("cursor", "Zm9v")).then().statusCode(400).body("violations[0].field", equalTo("cursor"));
        get("/api/v1/connections/{id}/events?cursor=%21%21", "no-such-connection").then().statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
    }

    private Response list(RequestSpecification request) {
        return request.auth().oauth2(API_KEY).when().get("/api/v1/connections");
    }

    private static Response get(String path, String connectionId) {
        return given().auth().oauth2(API_KEY).when().get(path, connectionId);
    }

    private void insertConnection(String connectionId, String customerId, String providerId, String status,
            Instant createdAt, String accountId, String companyId, String products, String methods) {
        sql("""
                insert into connection (connection_id, customer_id, customer_name, provider_id, connection_type,
                    client_type, products, authentication_methods, status, status_observed_at, status_updated_at,
                    account_id, company_id, created_at, updated_at)
                values ($1, $2, 'Acme', $3, 'provider', 'sandbox', cast($4::text as jsonb), cast($5::text as jsonb),
                    $6, $7, $7, $8, $9, $7, $7)""",
                Tuple.from(List.of(connectionId, customerId, providerId, products, methods, status,
                        createdAt.atOffset(java.time.ZoneOffset.UTC)))
                        .addValue(accountId).addValue(companyId));
    }

    private void insertToken(String connectionId, String source, Instant createdAt, Instant revokedAt) {
        byte[] random = UUID.randomUUID().toString().getBytes();
        sql("""
                insert into access_token (token_id, connection_id, key_id, ciphertext, fingerprint, source, created_at,
                    revoked_at)
                values ($1, $2, 'local-1', $3, $4, $5, $6, $7)""",
                Tuple.of(UUID.randomUUID(), connectionId, io.vertx.core.buffer.Buffer.buffer(random),
                        io.vertx.core.buffer.Buffer.buffer(random), source,
                        createdAt.atOffset(java.time.ZoneOffset.UTC))
                        .addValue(revokedAt == null ? null : revokedAt.atOffset(java.time.ZoneOffset.UTC)));
    }

    private void insertEvent(String connectionId, String eventId, String type, String cause, String previous,
            String status, boolean changed) {
        sql("""
                insert into connection_event (connection_id, event_id, event_type, cause, finch_timestamp, applied_at,
                    previous_status, status, status_changed)
                values ($1, $2, $3, $4, $5, $5, $6, $7, $8)""",
                Tuple.of(connectionId, eventId, type, cause, T.atOffset(java.time.ZoneOffset.UTC), previous)
                        .addValue(status).addValue(changed));
    }

    private void sql(String statement, Tuple parameters) {
        database.preparedQuery(statement).execute(parameters).await().indefinitely();
    }
}
