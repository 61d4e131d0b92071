package com.acme.finchconnections.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class FoundationTest {

    static final String API_KEY = "fc_dev_local_api_key";

    @Inject
    PgPool database;

    @Test
    void apiWithoutKeyIsUnauthorizedProblem() {
        given().when().get("/api/v1/_test/echo")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("type", startsWith("urn:finch-connections:problem:"));
    }

    @Test
    void apiWithUnknownKeyIsUnauthorized() {
        given().auth().oauth2("not-a-key").when().get("/api/v1/_test/echo")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void malformedJsonIsBadRequestProblem() {
        given().auth().oauth2(API_KEY).contentType("application/json").body("{\"customer_id\": ")
                .when().post("/api/v1/_test/echo")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:finch-connections:problem:malformed-json"));
    }

    @Test
    void validationListsEveryViolationByJsonPath() {
        given().auth().oauth2(API_KEY).contentType("application/json")
                .body("{\"customer_id\": \"far-too-long-id\", \"products\": [\"\"], \"integration\": {}}")
                .when().post("/api/v1/_test/echo")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("customer_id", "products[0]", "integration.provider"));
    }

    @Test
    void wrongTypeNamesTheField() {
        given().auth().oauth2(API_KEY).contentType("application/json")
                .body("{\"customer_id\": \"a\", \"products\": {\"x\": 1}}")
                .when().post("/api/v1/_test/echo")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("products"));
    }

    @Test
    void wrongMethodAndContentTypeAndUnknownPathAreProblems() {
        given().auth().oauth2(API_KEY).when().delete("/api/v1/_test/echo")
                .then().statusCode(405).contentType("application/problem+json");
        given().auth().oauth2(API_KEY).contentType("text/plain").body("hello")
                .when().post("/api/v1/_test/echo")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(API_KEY).when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/no-such-page")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void migrationsCreateTheSchema() {
        List<String> tables = database
                .query("select table_name from information_schema.tables where table_schema = 'public'")
                .execute().await().indefinitely()
                .stream().map((Row row) -> row.getString("table_name")).toList();
        org.hamcrest.MatcherAssert.assertThat(tables, hasItems("connection", "access_token", "connect_session",
                "session_event", "webhook_inbox", "job", "connection_event", "outbox_message", "migration",
                "flyway_schema_history"));
    }

    @Test
    void readinessChecksDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
