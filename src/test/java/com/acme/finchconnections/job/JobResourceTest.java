package com.acme.finchconnections.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class JobResourceTest {

    static final String API_KEY = "fc_dev_local_api_key";

    @Inject
    PgPool database;

    @Test
    void jobsOfAnUnknownConnectionAreNotFound() {
        given().auth().oauth2(API_KEY).when().get("/api/v1/connections/{id}/jobs", "conn-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void jobsAreListedNewestFirstPageByPage() {
        String connectionId = "conn-" + UUID.randomUUID();
        insertConnection(connectionId);
        Instant base = Instant.parse("2030-02-01T00:00:00Z");
        insertJob(connectionId, "job-a-" + connectionId, base);
        insertJob(connectionId, "job-c-" + connectionId, base.plusSeconds(120));
        insertJob(connectionId, "job-b-" + connectionId, base.plusSeconds(60));
        insertJob(connectionId, "job-z-" + connectionId, null);

        String cursor = given().auth().oauth2(API_KEY).queryParam("limit", 2)
                .when().get("/api/v1/connections/{id}/jobs", connectionId)
                .then().statusCode(200)
                .body("data.job_id", contains("job-c-" + connectionId, "job-b-" + connectionId))
                .body("data[0].type", equalTo("data_sync_all"))
                .body("data[0].status", equalTo("complete"))
                .body("data[0].created_at", equalTo("2030-02-01T00:02:00Z"))
                .body("next_cursor", notNullValue())
                .extract().path("next_cursor");

        given().auth().oauth2(API_KEY).queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/api/v1/connections/{id}/jobs", connectionId)
                .then().statusCode(200)
                .body("data.job_id", contains("job-a-" + connectionId, "job-z-" + connectionId))
                .body("next_cursor", nullValue());
    }

    @Test
    void onlyADataSyncCanBeForced() {
        String connectionId = "conn-" + UUID.randomUUID();
        insertConnection(connectionId);

        given().auth().oauth2(API_KEY).contentType("application/json").body("{\"type\": \"benefit_enroll\"}")
                .when().post("/api/v1/connections/{id}/jobs", connectionId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("type"));
        given().auth().oauth2(API_KEY).contentType("application/json").body("{}")
                .when().post("/api/v1/connections/{id}/jobs", connectionId)
                .then().statusCode(400)
                .body("violations.field", contains("type"));
    }

    @Test
    void forcingASyncOfAnUnknownConnectionIsNotFound() {
        given().auth().oauth2(API_KEY).contentType("application/json").body("{\"type\": \"data_sync_all\"}")
                .when().post("/api/v1/connections/{id}/jobs", "conn-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    private void insertConnection(String connectionId) {
        database.preparedQuery("""
                insert into connection (connection_id, customer_id, status, status_observed_at, status_updated_at,
                    created_at, updated_at)
                values ($1, $1, 'connected', now(), now(), now(), now())""")
                .execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(10));
    }

    private void insertJob(String connectionId, String jobId, Instant createdAt) {
        database.preparedQuery("""
                insert into job (job_id, connection_id, type, status, created_at, updated_at)
                values ($1, $2, 'data_sync_all', 'complete', $3, now())""")
                .execute(Tuple.of(jobId, connectionId, createdAt == null ? null : createdAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(10));
    }
}
