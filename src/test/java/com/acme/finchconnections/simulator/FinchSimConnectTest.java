package com.acme.finchconnections.simulator;

import static com.acme.finchconnections.simulator.FinchSimTestSupport.basic;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.complete;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.connectCustomer;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.createSession;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.exchange;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.newSession;
import static com.acme.finchconnections.simulator.FinchSimTestSupport.uniqueCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The simulator's Connect side against FINCH-API.md: sessions, reauthentication, code exchange, the Connect page. */
@QuarkusTest
class FinchSimConnectTest {

    @Inject
    Pool database;

    @Test
    void sessionRequestsAreValidatedLikeFinch() {
        basic().body(Map.of("customer_name", "", "products", List.of("company", "payroll"), "minutes_to_expire", 0))
                .post("/finch-sim/connect/sessions")
                .then().statusCode(400)
                .header("Finch-Request-Id", notNullValue())
                .body("code", equalTo(400))
                .body("name", equalTo("bad_request"))
                .body("finch_code", equalTo("invalid_request"))
                .body("message", containsString("customer_id is required"))
                .body("message", containsString("customer_name must be 1 to 255"))
                .body("message", containsString("products[1] is not a Finch product"))
                .body("message", containsString("minutes_to_expire"));
        basic().body(Map.of("customer_id", "x", "customer_name", "X", "products", List.of("deduction", "benefits")))
                .post("/finch-sim/connect/sessions")
                .then().statusCode(400).body("message", containsString("deduction"));
    }

    @Test
    void sessionEndpointsNeedTheApplicationsBasicCredentials() {
        given().contentType("application/json").body(Map.of("customer_id", "x"))
                .post("/finch-sim/connect/sessions")
                .then().statusCode(401).body("name", equalTo("unauthorized_request_error"));
        given().auth().preemptive().basic("finch-sim-client", "wrong").contentType("application/json")
                .body(Map.of("customer_id", "x")).post("/finch-sim/connect/sessions/reauthenticate")
                .then().statusCode(401).body("name", equalTo("invalid_client_error"));
    }

    @Test
    void aCustomerNotYetConnectedGetsItsOpenSessionBackWithNewParameters() {
        String customer = uniqueCustomer("same");
        Response first = createSession(customer, Map.of());
        first.then().statusCode(201)
                .body("connect_url", endsWith("/finch-sim/authorize?session=" + first.path("session_id")));
        Response second = createSession(customer, Map.of("products", List.of("payment"), "minutes_to_expire", 60));
        second.then().statusCode(201).body("session_id", equalTo(first.path("session_id")));
        List<String> products = storedProducts(first.path("session_id"));
        assertEquals(List.of("payment"), products);
    }

    @Test
    void sandboxTrueFromOlderCallersReadsAsFinch() {
        String customer = uniqueCustomer("sandbox-bool");
        String sessionId = createSession(customer, Map.of("sandbox", true)).then().statusCode(201)
                .extract().path("session_id");
        String sandbox = database.preparedQuery("select sandbox from sim_session where session_id = $1")
                .execute(Tuple.of(sessionId)).await().indefinitely().iterator().next().getString("sandbox");
        assertEquals("finch", sandbox);
    }

    @Test
    void anExpiredSessionIsReplacedByANewOne() {
        String customer = uniqueCustomer("expired");
        String first = newSession(customer);
        expireSession(first);
        String second = newSession(customer);
        assertNotEquals(first, second);
    }

    @Test
    void concurrentCreatesForOneCustomerShareOneSession() {
        String customer = uniqueCustomer("concurrent");
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> newSession(customer)));
        }
        Set<String> ids = new HashSet<>();
        calls.forEach(call -> ids.add(call.join()));
        assertEquals(1, ids.size());
    }

    @Test
    void aConnectedCustomerGetsConnectionAlreadyExistsWithTheConnection() {
        String customer = uniqueCustomer("connected");
        String connectionId = connectCustomer(customer).then().statusCode(200).extract().path("connection_id");
        createSession(customer, Map.of())
                .then().statusCode(400)
                .body("name", equalTo("bad_request"))
                .body("finch_code", equalTo("connection_already_exists"))
                .body("message", containsString("reauthenticate"))
                .body("context.customer_id", equalTo(customer))
                .body("context.connection_id", equalTo(connectionId));
    }

    @Test
    void aCodeExchangesOnceForAFullTokenResponse() {
        String customer = uniqueCustomer("exchange");
        String code = complete(newSession(customer));
        exchange(code, null)
                .then().statusCode(200)
                .header("Finch-Request-Id", notNullValue())
                .body("access_token", notNullValue())
                .body("token_type", equalTo("bearer"))
                .body("connection_id", notNullValue())
                .body("client_type", equalTo("development"))
                .body("connection_type", equalTo("provider"))
                .body("entity_ids.size()", equalTo(1))
                .body("products", hasItems("company", "directory", "individual"))
                .body("provider_id", equalTo("gusto"))
                .body("account_id", notNullValue())
                .body("company_id", notNullValue())
                .body("customer_id", equalTo(customer))
                .body("customer_name", equalTo("Employer " + customer));
        exchange(code, null)
                .then().statusCode(400)
                .body("name", equalTo("invalid_grant_error"))
                .body("finch_code", nullValue());
    }

    @Test
    void theExchangeChecksTheClientCredentialsInTheBody() {
        String code = complete(newSession(uniqueCustomer("client")));
        given().contentType("application/json")
                .body(Map.of("code", code, "client_id", "finch-sim-client", "client_secret", "nope"))
                .post("/finch-sim/auth/token")
                .then().statusCode(401).body("name", equalTo("invalid_client_error"));
        exchange(code, null).then().statusCode(200);
    }

    @Test
    void redirectUriMustMatchTheSessionsAndBeAbsentWithoutOne() {
        String withRedirect = createSession(uniqueCustomer("redirect"),
                Map.of("redirect_uri", "https://app.example.com/finch/callback"))
                .then().statusCode(201).extract().path("session_id");
        String code = complete(withRedirect);
        exchange(code, null).then().statusCode(400).body("name", equalTo("invalid_grant_error"));
        exchange(code, "https://app.example.com/other").then().statusCode(400);
        exchange(code, "https://app.example.com/finch/callback").then().statusCode(200);

        String embeddedCode = complete(newSession(uniqueCustomer("embedded")));
        exchange(embeddedCode, "https://app.example.com/finch/callback").then().statusCode(400)
                .body("name", equalTo("invalid_grant_error"));
        exchange(embeddedCode, null).then().statusCode(200);
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        String sessionId = newSession(uniqueCustomer("stale-code"));
        String code = complete(sessionId);
        database.preparedQuery("update sim_authorization_code set expires_at = now() - interval '1 second' where session_id = $1")
                .execute(Tuple.of(sessionId)).await().indefinitely();
        exchange(code, null).then().statusCode(400).body("name", equalTo("invalid_grant_error"));
    }

    @Test
    void reauthenticationIssuesANewTokenForTheSameConnection() {
        Response connected = connectCustomer(uniqueCustomer("reauth"));
        String connectionId = connected.path("connection_id");
        String firstToken = connected.path("access_token");

        Response session = basic().body(Map.of("connection_id", connectionId))
                .post("/finch-sim/connect/sessions/reauthenticate");
        session.then().statusCode(201).body("connect_url", containsString("/finch-sim/authorize?session="));
        basic().body(Map.of("connection_id", connectionId)).post("/finch-sim/connect/sessions/reauthenticate")
                .then().statusCode(201).body("session_id", equalTo(session.path("session_id")));

        Response renewed = exchange(complete(session.path("session_id")), null);
        renewed.then().statusCode(200).body("connection_id", equalTo(connectionId));
        assertNotEquals(firstToken, renewed.path("access_token"));
    }

    @Test
    void reauthenticatingAnUnknownConnectionIsNotFound() {
        basic().body(Map.of("connection_id", "no-such-connection")).post("/finch-sim/connect/sessions/reauthenticate")
                .then().statusCode(404)
                .body("name", equalTo("not_found_error"))
                .body("finch_code", equalTo("item_not_found"));
    }

    @Test
    void anExpiredReauthenticationSessionIsReplaced() {
        String connectionId = connectCustomer(uniqueCustomer("reauth-expired")).path("connection_id");
        String first = basic().body(Map.of("connection_id", connectionId))
                .post("/finch-sim/connect/sessions/reauthenticate").path("session_id");
        expireSession(first);
        String second = basic().body(Map.of("connection_id", connectionId))
                .post("/finch-sim/connect/sessions/reauthenticate").path("session_id");
        assertNotEquals(first, second);
    }

    @Test
    void simCompleteWalksTheStagesAndReportsThemToTheService() {
        String sessionId = newSession(uniqueCustomer("walk"));
        given().contentType("application/json")
                .body(Map.of("outcome", "closed", "last_stage", "terms_viewed", "stage_seconds", 30))
                .post("/finch-sim/_sim/sessions/" + sessionId + "/complete")
                .then().statusCode(200)
                .body("events", equalTo(List.of("opened", "provider_selected", "terms_viewed", "closed")))
                .body("code", nullValue());
        given().contentType("application/json")
                .body(Map.of("outcome", "success", "mfa", true, "provider_id", "adp_run"))
                .post("/finch-sim/_sim/sessions/" + sessionId + "/complete")
                .then().statusCode(200)
                .body("events", equalTo(List.of("opened", "provider_selected", "terms_viewed", "terms_accepted",
                        "credentials_submitted", "mfa_requested", "success")))
                .body("code", notNullValue());

        Response reported = given().get("/finch-sim/_sim/sessions/" + sessionId + "/events");
        List<Map<String, Object>> events = reported.jsonPath().getList("data.event");
        assertEquals(11, events.size());
        assertEquals("adp_run", events.get(5).get("provider_id"));
        assertEquals("credential", events.get(5).get("auth_method"));
        Duration spacing = Duration.between(Instant.parse((String) events.get(0).get("occurred_at")),
                Instant.parse((String) events.get(3).get("occurred_at")));
        assertEquals(Duration.ofSeconds(90), spacing);
        // Every stage reached the service's endpoint (whatever it answered).
        assertTrue(reported.jsonPath().getList("data.status").stream().allMatch(status -> status != null));
    }

    @Test
    void simCompleteReportsAnErrorAndLeavesTheSessionUsable() {
        String sessionId = newSession(uniqueCustomer("error"));
        given().contentType("application/json").body(Map.of("outcome", "error", "error_message", "Wrong password"))
                .post("/finch-sim/_sim/sessions/" + sessionId + "/complete")
                .then().statusCode(200).body("events[-1]", equalTo("error"));
        List<Map<String, Object>> events = given().get("/finch-sim/_sim/sessions/" + sessionId + "/events")
                .jsonPath().getList("data.event");
        assertEquals("Wrong password", events.get(events.size() - 1).get("error_message"));
        assertEquals("validation_error", events.get(events.size() - 1).get("error_type"));
        complete(sessionId);
        given().contentType("application/json").body(Map.of("outcome", "success"))
                .post("/finch-sim/_sim/sessions/" + sessionId + "/complete")
                .then().statusCode(400).body("message", containsString("already completed"));
    }

    @Test
    void theConnectPageCanBeClickedThrough() {
        String sessionId = newSession(uniqueCustomer("page"));
        given().get("/finch-sim/authorize?session=" + sessionId)
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Connect your payroll")).body(containsString("Gusto"))
                .body(not(containsString("ADP Workforce Now")));
        page(sessionId, Map.of("step", "provider", "provider", "adp_run"))
                .then().statusCode(200).body(containsString("Accept and continue"));
        page(sessionId, Map.of("step", "terms", "action", "accept", "provider", "adp_run", "auth_method", "credential"))
                .then().statusCode(200).body(containsString("Sign in to ADP Run"));
        page(sessionId, Map.of("step", "credentials", "action", "submit", "provider", "adp_run",
                "auth_method", "credential", "username", "good_user", "password", "bad"))
                .then().statusCode(200).body(containsString("were not accepted"));
        page(sessionId, Map.of("step", "credentials", "action", "submit", "provider", "adp_run",
                "auth_method", "credential", "username", "good_user", "password", "mfa"))
                .then().statusCode(200).body(containsString("Verify it"));
        String html = page(sessionId, Map.of("step", "mfa", "action", "submit", "provider", "adp_run",
                "auth_method", "credential", "mfa_code", "123456"))
                .then().statusCode(200).body(containsString("Connected")).extract().asString();
        String code = html.replaceAll("(?s).*<code id=\"code\">([^<]+)</code>.*", "$1");
        exchange(code, null).then().statusCode(200).body("provider_id", equalTo("adp_run"));

        List<String> types = given().get("/finch-sim/_sim/sessions/" + sessionId + "/events")
                .jsonPath().getList("data.event.type");
        assertEquals(List.of("opened", "provider_selected", "terms_viewed", "terms_accepted", "credentials_submitted",
                "error", "credentials_submitted", "mfa_requested", "success"), types);
    }

    @Test
    void theRedirectFlowSendsTheBrowserBackWithCodeAndState() {
        String sessionId = createSession(uniqueCustomer("page-redirect"),
                Map.of("redirect_uri", "https://app.example.com/cb", "integration", Map.of("provider", "bamboo_hr")))
                .path("session_id");
        given().get("/finch-sim/authorize?session=" + sessionId + "&state=xyz")
                .then().statusCode(200).body(containsString("Finch and BambooHR"));
        page(sessionId, Map.of("step", "terms", "action", "accept", "provider", "bamboo_hr",
                "auth_method", "api_token", "state", "xyz"))
                .then().statusCode(200).body(containsString("good_token"));
        String location = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("session", sessionId, "step", "credentials", "action", "submit",
                        "provider", "bamboo_hr", "auth_method", "api_token", "api_token", "good_token", "state", "xyz"))
                .post("/finch-sim/authorize")
                .then().statusCode(303).extract().header("Location");
        assertTrue(location.startsWith("https://app.example.com/cb?code="), location);
        assertTrue(location.endsWith("&state=xyz"), location);
    }

    @Test
    void anUnknownSessionShowsThatConnectIsUnavailable() {
        given().get("/finch-sim/authorize?session=nope")
                .then().statusCode(200).body(containsString("Connect is not available"));
    }

    @Test
    void completingASessionSendsNoWebhook() {
        String connectionId = connectCustomer(uniqueCustomer("quiet")).path("connection_id");
        given().get("/finch-sim/_sim/connections/" + connectionId + "/webhooks")
                .then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void thereIsNoControlThatRevealsATokenOrACode() {
        String connectionId = connectCustomer(uniqueCustomer("no-token")).path("connection_id");
        given().get("/finch-sim/_sim/connections/" + connectionId + "/token").then().statusCode(404);
        String stored = database.preparedQuery("select token_hash from sim_access_token where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().indefinitely().iterator().next().getString("token_hash");
        assertEquals(64, stored.length(), "only a SHA-256 hash is stored");
    }

    @Test
    void theSimulatorStaysOutOfTheServicesOpenApiDocument() {
        given().get("/q/openapi?format=json")
                .then().statusCode(200).body(not(containsString("/finch-sim")));
    }

    private Response page(String sessionId, Map<String, String> form) {
        Map<String, String> fields = new java.util.HashMap<>(form);
        fields.put("session", sessionId);
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParams(fields).post("/finch-sim/authorize");
    }

    private void expireSession(String sessionId) {
        database.preparedQuery("update sim_session set expires_at = now() - interval '1 second' where session_id = $1")
                .execute(Tuple.of(sessionId)).await().indefinitely();
    }

    private List<String> storedProducts(String sessionId) {
        Object products = database.preparedQuery("select products from sim_session where session_id = $1")
                .execute(Tuple.of(sessionId)).await().indefinitely().iterator().next().getValue("products");
        List<String> list = new ArrayList<>();
        ((io.vertx.core.json.JsonArray) products).forEach(item -> list.add((String) item));
        return list;
    }
}
