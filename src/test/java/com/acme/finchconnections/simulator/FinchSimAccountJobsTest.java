package com.acme.finchconnections.simulator;

import static com.acme.finchconnections.simulator.FinchSimTestSupport.basic;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.bearer;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.connectCustomer;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.routeWebhooksToSink;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.sandboxConnection;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.signedWith;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Introspect, disconnect, automated jobs and the sandbox API against FINCH-API.md. */
@QuarkusTest
class FinchSimAccountJobsTest {

    @Test
    void introspectDescribesTheConnectionBehindTheToken() {
        String customer = uniqueCustomer("introspect");
        Response token = connectCustomer(customer);
        bearer(token.path("access_token")).get("/finch-sim/introspect")
                .then().statusCode(200)
                .header("Finch-Request-Id", notNullValue())
                .body("id", notNullValue())
                .body("client_id", equalTo("finch-sim-client"))
                .body("client_type", equalTo("development"))
                .body("connection_id", equalTo(token.path("connection_id")))
                .body("connection_status.status", equalTo("connected"))
                .body("connection_type", equalTo("provider"))
                .body("products", hasItem("company"))
                .body("provider_id", equalTo("gusto"))
                .body("account_id", equalTo(token.path("account_id")))
                .body("company_id", equalTo(token.path("company_id")))
                .body("customer_id", equalTo(customer))
                .body("authentication_methods[0].type", equalTo("oauth"))
                .body("authentication_methods[0].connection_status.status", equalTo("connected"))
                .body("entities[0].id", equalTo(((List<?>) token.path("entity_ids")).get(0)))
                .body("manual", equalTo(false));
    }

    @Test
    void dataCallsNeedAValidBearerToken() {
        given().get("/finch-sim/introspect")
                .then().statusCode(401).body("name", equalTo("unauthorized_request_error"));
        bearer("not-a-token").get("/finch-sim/introspect")
                .then().statusCode(401).body("name", equalTo("authentication_error"));
        basic().get("/finch-sim/introspect").then().statusCode(401);
    }

    @Test
    void disconnectRevokesTheTokenAndLetsTheCustomerStartOver() {
        String customer = uniqueCustomer("disconnect");
        String token = connectCustomer(customer).path("access_token");
        bearer(token).post("/finch-sim/disconnect").then().statusCode(200).body("status", equalTo("success"));
        bearer(token).get("/finch-sim/introspect").then().statusCode(401);
        FinchSimTestSupport.createSession(customer, Map.of()).then().statusCode(201);
    }

    @Test
    void forcedRefreshesFollowFinchsQuota() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        // Long enough that the job is certainly still queued at the second request, on any machine.
        FinchSimTestSupport.jobDuration(connection.connectionId(), Duration.ofMinutes(1));
        Response created = bearer(connection.accessToken()).body(Map.of("type", "data_sync_all"))
                .post("/finch-sim/jobs/automated");
        created.then().statusCode(201)
                .body("allowed_refreshes", equalTo(1))
                .body("remaining_refreshes", equalTo(0))
                .body("job_id", notNullValue())
                .body("job_url", containsString("/jobs/automated/" + created.path("job_id")));
        String jobId = created.path("job_id");

        bearer(connection.accessToken()).body(Map.of("type", "data_sync_all")).post("/finch-sim/jobs/automated")
                .then().statusCode(202).body("job_id", equalTo(jobId));
        given().post("/finch-sim/_sim/connections/" + connection.connectionId() + "/jobs/finish")
                .then().statusCode(200).body("finished_job_ids", equalTo(List.of(jobId)));

        bearer(connection.accessToken()).get("/finch-sim/jobs/automated/" + jobId)
                .then().statusCode(200)
                .body("status", equalTo("complete"))
                .body("type", equalTo("data_sync_all"))
                .body("started_at", notNullValue())
                .body("completed_at", notNullValue());

        Response refused = bearer(connection.accessToken()).body(Map.of("type", "data_sync_all"))
                .post("/finch-sim/jobs/automated");
        refused.then().statusCode(429)
                .body("code", equalTo(429))
                .body("name", equalTo("rate_limit_exceeded_error"))
                .body("remaining_refreshes", equalTo(0))
                .header("Retry-After", org.hamcrest.Matchers.nullValue());
        String createdAt = bearer(connection.accessToken()).get("/finch-sim/jobs/automated/" + jobId).path("created_at");
        assertEquals(Instant.parse(createdAt).plus(Duration.ofHours(1)), Instant.parse(refused.path("retry_at")));
    }

    @Test
    void theJobListIsNewestFirstWithTheNextScheduledSyncAndQuotas() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String jobId = bearer(connection.accessToken()).body(Map.of("type", "data_sync_all"))
                .post("/finch-sim/jobs/automated").path("job_id");
        Response list = bearer(connection.accessToken()).get("/finch-sim/jobs/automated?limit=10&offset=0");
        list.then().statusCode(200)
                .body("data.size()", equalTo(2))
                .body("data[0].job_id", equalTo(jobId))
                .body("data[1].type", equalTo("data_sync_all"))
                .body("data[1].status", equalTo("pending"))
                .body("meta.quotas.data_sync_all.allowed_refreshes", equalTo(1))
                .body("meta.quotas.data_sync_all.remaining_refreshes", equalTo(0));
        Instant scheduledAt = Instant.parse(list.path("data[1].scheduled_at"));
        assertTrue(scheduledAt.isAfter(Instant.now().plus(Duration.ofHours(23))), "the next daily sync");
        bearer(connection.accessToken()).get("/finch-sim/jobs/automated?limit=1&offset=1")
                .then().statusCode(200).body("data.size()", equalTo(1));
        bearer(connection.accessToken()).get("/finch-sim/jobs/automated/no-such-job")
                .then().statusCode(404).body("name", equalTo("not_found_error"));
    }

    @Test
    void assistedConnectionsCannotForceARefresh() {
        FinchSimTestSupport.SandboxConnection assisted = sandboxConnection("assisted");
        bearer(assisted.accessToken()).body(Map.of("type", "data_sync_all")).post("/finch-sim/jobs/automated")
                .then().statusCode(400).body("name", equalTo("bad_request"));
    }

    @Test
    void aCompletedJobEndsAsConfiguredAndAnnouncesItselfWithASignedWebhook() throws Exception {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        String sink = "jobs-" + connection.connectionId();
        routeWebhooksToSink(connection.connectionId(), sink);
        bearer(connection.accessToken()).body(Map.of("type", "data_sync_all", "completion_status", "reauth_error"))
                .put("/finch-sim/sandbox/jobs/configuration")
                .then().statusCode(200).body("completion_status", equalTo("reauth_error"));
        bearer(connection.accessToken()).get("/finch-sim/sandbox/jobs/configuration")
                .then().statusCode(200).body("[0].completion_status", equalTo("reauth_error"));
        String jobId = bearer(connection.accessToken()).body(Map.of("type", "data_sync_all"))
                .post("/finch-sim/jobs/automated").path("job_id");

        await().atMost(Duration.ofSeconds(20)).until(() -> !WebhookSinkResource.received(sink).isEmpty());
        WebhookSinkResource.Received delivery = WebhookSinkResource.received(sink).get(0);
        JsonNode body = new ObjectMapper().readTree(delivery.body());
        assertEquals("job.data_sync_all.completed", body.get("event_type").asText());
        assertEquals(connection.connectionId(), body.get("connection_id").asText());
        assertEquals(connection.accountId(), body.get("account_id").asText());
        assertEquals(connection.companyId(), body.get("company_id").asText());
        assertEquals(jobId, body.get("data").get("job_id").asText());
        assertTrue(delivery.header("finch-event-id").startsWith("msg_"));
        assertTrue(signedWith(FinchSimTestSupport.WEBHOOK_SECRET, delivery.header("finch-event-id"),
                delivery.header("finch-timestamp"), delivery.body(), delivery.header("finch-signature")));
        bearer(connection.accessToken()).get("/finch-sim/jobs/automated/" + jobId)
                .then().body("status", equalTo("reauth_error"));
    }

    @Test
    void aSandboxStatusChangeIsAnnouncedAndReauthBlocksDataCalls() throws Exception {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection("credential");
        String sink = "status-" + connection.connectionId();
        routeWebhooksToSink(connection.connectionId(), sink);
        bearer(connection.accessToken()).body(Map.of("connection_status", "reauth"))
                .put("/finch-sim/sandbox/connections/accounts")
                .then().statusCode(200)
                .body("connection_id", equalTo(connection.connectionId()))
                .body("account_id", equalTo(connection.accountId()))
                .body("company_id", equalTo(connection.companyId()))
                .body("authentication_type", equalTo("credential"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !WebhookSinkResource.received(sink).isEmpty());
        JsonNode body = new ObjectMapper().readTree(WebhookSinkResource.received(sink).get(0).body());
        assertEquals("account.updated", body.get("event_type").asText());
        assertEquals("reauth", body.get("data").get("status").asText());
        assertEquals("credential", body.get("data").get("authentication_method").get("type").asText());

        bearer(connection.accessToken()).body(Map.of("type", "data_sync_all")).post("/finch-sim/jobs/automated")
                .then().statusCode(401)
                .body("name", equalTo("authentication_error"))
                .body("finch_code", equalTo("reauthenticate_user"));
        bearer(connection.accessToken()).get("/finch-sim/introspect")
                .then().statusCode(200).body("connection_status.status", equalTo("reauth"));
    }

    @Test
    void sandboxConnectionsNeedBasicAuthAndCarryEveryId() {
        given().contentType("application/json").body(Map.of("provider_id", "gusto"))
                .post("/finch-sim/sandbox/connections").then().statusCode(401);
        basic().body(Map.of("provider_id", "gusto", "products", List.of("company", "payment")))
                .post("/finch-sim/sandbox/connections")
                .then().statusCode(200)
                .body("access_token", notNullValue())
                .body("token_type", equalTo("bearer"))
                .body("connection_id", notNullValue())
                .body("entity_id", notNullValue())
                .body("account_id", notNullValue())
                .body("company_id", notNullValue())
                .body("provider_id", equalTo("gusto"))
                .body("authentication_type", equalTo("oauth"))
                .body("products", equalTo(List.of("company", "payment")));
    }

    @Test
    void aSandboxAccountForAKnownCompanyIsANewTokenForItsConnection() {
        FinchSimTestSupport.SandboxConnection connection = sandboxConnection(null);
        basic().body(Map.of("company_id", connection.companyId(), "provider_id", "gusto"))
                .post("/finch-sim/sandbox/connections/accounts")
                .then().statusCode(200)
                .body("connection_id", equalTo(connection.connectionId()))
                .body("access_token", startsWith(""));
    }
}
