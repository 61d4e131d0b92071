package com.acme.finchconnections.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The whole path: the simulator signs and delivers, ingestion publishes, the processor applies. */
@QuarkusTest
class SimulatedFinchWebhookTest {

    @Inject
    PgPool database;

    @Test
    void webhookDeliveredByFinchChangesTheStatusOnce() {
        Response sandbox = given().auth().preemptive().basic("finch-sim-client", "finch-sim-secret")
                .contentType("application/json").body(Map.of("provider_id", "gusto"))
                .when().post("/finch-sim/sandbox/connections");
        sandbox.then().statusCode(200);
        String connectionId = sandbox.path("connection_id");
        // Observed long ago: any webhook Finch sends now is newer.
        database.preparedQuery("""
                insert into connection (connection_id, customer_id, provider_id, status, status_observed_at,
                    status_updated_at, created_at, updated_at)
                values ($1, $1, 'gusto', 'connected', now() - interval '1 day', now(), now(), now())""")
                .execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(10));

        given().contentType("application/json")
                .body(Map.of("event_type", "account.updated",
                        "data", Map.of("status", "reauth", "authentication_method", Map.of("type", "credential"))))
                .when().post("/finch-sim/_sim/connections/{id}/webhooks", connectionId)
                .then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "reauth".equals(database
                .preparedQuery("select status from connection where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0)));
        long applied = database.preparedQuery("select count(*) from connection_event where connection_id = $1 "
                + "and event_type = 'account.updated'").execute(Tuple.of(connectionId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(applied, equalTo(1L));
    }
}
