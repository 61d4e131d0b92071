package com.acme.finchconnections.operator;

import static com.acme.finchconnections.operator.OperatorPages.as;
import static com.acme.finchconnections.operator.OperatorPages.csrfOf;
import static com.acme.finchconnections.operator.OperatorPages.page;
import static com.acme.finchconnections.operator.OperatorPages.signIn;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.acme.finchconnections.connection.TokenVault;
import com.acme.finchconnections.session.ConnectFlows;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class OperatorPageTest {

    @Inject
    PgPool database;

    @Test
    void pagesWithoutASessionRedirectToLogin() {
        for (String path : List.of("/", "/connections/anything", "/sessions/anything", "/?attention=true", "/funnel")) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303).header("Location", endsWith("/login"));
        }
        given().redirects().follow(false).cookie(OperatorSessions.COOKIE, "forged|9999999999|mac")
                .when().get("/").then().statusCode(303).header("Location", endsWith("/login"));
        given().when().get("/login").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("name=\"api_key\""));
    }

    @Test
    void signingInWithTheDevKeySetsAStrictHttpOnlyCookieWithoutTheKey() {
        var response = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", OperatorPages.API_KEY).when().post("/login");
        response.then().statusCode(303).header("Location", endsWith("/"));
        String setCookie = response.getHeader("Set-Cookie");
        has(setCookie, "HttpOnly");
        has(setCookie.toLowerCase(), "samesite=strict");
        lacks(setCookie, OperatorPages.API_KEY);
        String cookie = response.getCookie(OperatorSessions.COOKIE);
        page(cookie, "/").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("local-dev"))
                .body(containsString("href=\"/q/swagger-ui\""));
    }

    @Test
    void aBadKeyDoesNotSignIn() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("api_key", "fc_not_a_key").when().post("/login")
                .then().statusCode(401).contentType(ContentType.HTML)
                .body(containsString("not valid"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void signingOutNeedsTheFormTokenAndClearsTheCookie() {
        String cookie = signIn();
        String csrf = csrfOf(page(cookie, "/").asString());
        as(cookie).contentType("application/x-www-form-urlencoded").formParam("csrf", "wrong")
                .when().post("/logout").then().statusCode(303).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        as(cookie).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf)
                .when().post("/logout").then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void theListFiltersByStatusProviderAndCustomerAndFlagsConnectionsNeedingAttention() {
        String prefix = "op-list-" + java.util.UUID.randomUUID();
        String healthy = ConnectFlows.connectedCustomer(prefix + "-healthy");
        String broken = ConnectFlows.connectedCustomer(prefix + "-broken");
        setStatus(broken, "reauth");
        String cookie = signIn();

        String all = as(cookie).queryParam("customer", prefix).when().get("/").then().statusCode(200).extract().asString();
        has(all, healthy, broken);

        String reauth = as(cookie).queryParam("customer", prefix).queryParam("status", "reauth")
                .when().get("/").then().statusCode(200).extract().asString();
        has(reauth, broken, "badge bad");
        lacks(reauth, healthy);

        String attention = as(cookie).queryParam("customer", prefix).queryParam("attention", "true")
                .when().get("/").then().statusCode(200).extract().asString();
        has(attention, broken);
        lacks(attention, healthy);

        String otherProvider = as(cookie).queryParam("customer", prefix).queryParam("provider_id", "no-such-provider")
                .when().get("/").then().statusCode(200).extract().asString();
        lacks(otherProvider, healthy, broken);
    }

    @Test
    void aSyncOlderThanTheLimitCountsAsNeedingAttention() {
        String prefix = "op-stale-" + java.util.UUID.randomUUID();
        String stale = ConnectFlows.connectedCustomer(prefix);
        database.preparedQuery("update connection set last_successful_sync_at = now() - interval '5 days' "
                + "where connection_id = $1").execute(Tuple.of(stale)).await().indefinitely();
        String cookie = signIn();
        as(cookie).queryParam("customer", prefix).queryParam("attention", "true").when().get("/")
                .then().statusCode(200).body(containsString(stale)).body(containsString("stale sync"));
    }

    @Test
    void theConnectionPageShowsIdsProductsTokensSessionsAndTheAuditTrailButNoToken() {
        String customerId = ConnectFlows.uniqueCustomer("op-page");
        String connectionId = ConnectFlows.connectedCustomer(customerId);
        setStatus(connectionId, "reauth");
        String cookie = signIn();

        String html = page(cookie, "/connections/{id}", connectionId).then().statusCode(200)
                .contentType(ContentType.HTML).extract().asString();
        has(html, connectionId, customerId, "data-copy=\"" + connectionId + "\"",
                "Token history", "exchange", "Job history", "Audit trail", "Connect sessions", "directory", "/sessions/",
                "Start re-authentication");
        assertNoAccessToken(connectionId, html);
    }

    @Test
    void theReauthenticationButtonStartsASessionAndShowsItsConnectUrl() {
        String connectionId = ConnectFlows.connectedCustomer(ConnectFlows.uniqueCustomer("op-reauth"));
        String cookie = signIn();
        String csrf = csrfOf(page(cookie, "/connections/{id}", connectionId).asString());

        as(cookie).contentType("application/x-www-form-urlencoded").formParam("csrf", "forged")
                .when().post("/connections/{id}/reauthenticate", connectionId).then().statusCode(403);

        String html = as(cookie).contentType("application/x-www-form-urlencoded").formParam("csrf", csrf)
                .when().post("/connections/{id}/reauthenticate", connectionId)
                .then().statusCode(200).contentType(ContentType.HTML).extract().asString();
        has(html, "Re-authentication started", "id=\"connect-url\"", "/finch-sim/");
        String sessionId = html.replaceAll("(?s).*href=\"/sessions/([^\"]+)\".*", "$1");
        ConnectFlows.session(sessionId).then().statusCode(200)
                .body("kind", equalTo("reauthenticate")).body("connection_id", equalTo(connectionId));
        page(cookie, "/sessions/{id}", sessionId).then().statusCode(200)
                .body(containsString("session_created")).body(containsString(connectionId));
    }

    @Test
    void theSessionPageShowsTheTimelineAndTheErrorTheEmployerSaw() {
        String customerId = ConnectFlows.uniqueCustomer("op-session");
        String sessionId = ConnectFlows.newSession(customerId);
        // A code Finch never issued fails the exchange; Finch's message is kept on the session's timeline.
        ConnectFlows.exchange("not-a-code-" + java.util.UUID.randomUUID(), sessionId).then().statusCode(
                org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        ConnectFlows.exchange(ConnectFlows.completeInFinch(sessionId), sessionId).then().statusCode(201);
        String cookie = signIn();

        String html = page(cookie, "/sessions/{id}", sessionId).then().statusCode(200).extract().asString();
        has(html, sessionId, "session_created", "exchange_failed", "Error shown:", "code_exchanged", "Timeline", "+ ");
        as(cookie).queryParam("session_id", sessionId).when().get("/sessions")
                .then().statusCode(303).header("Location", endsWith("/sessions/" + sessionId));
    }

    @Test
    void theFunnelPageDrawsTheStagesForTheChosenWindowAndProvider() {
        String customerId = ConnectFlows.uniqueCustomer("op-funnel");
        ConnectFlows.connectedCustomer(customerId);
        String cookie = signIn();
        String html = as(cookie).queryParam("provider_id", "gusto").when().get("/funnel")
                .then().statusCode(200).contentType(ContentType.HTML).extract().asString();
        has(html, "Authentication funnel", "class=\"chart card\"", "Sessions started", "Conversion",
                "value=\"gusto\"", "Top errors");
        as(cookie).queryParam("from", "2025-01-01").queryParam("to", "2025-01-31").when().get("/funnel")
                .then().statusCode(200).body(containsString("value=\"2025-01-01\""))
                .body(containsString("value=\"2025-01-31\""));
    }

    @Test
    void apiPathsStillAnswerProblemsAndTheRootIsThePage() {
        given().when().get("/api/v1/nothing-here").then().statusCode(401);
        given().when().get("/no-such-page").then().statusCode(404).contentType("application/problem+json");
        given().redirects().follow(false).when().get("/").then().statusCode(303);
    }

    private void setStatus(String connectionId, String status) {
        database.preparedQuery("update connection set status = $2 where connection_id = $1")
                .execute(Tuple.of(connectionId, status)).await().indefinitely();
    }

    /** The page's HTML must not contain the connection's access token in any form we can recover. */
    private void assertNoAccessToken(String connectionId, String html) {
        String token = accessTokenOf(connectionId);
        assertFalse(token.isBlank());
        lacks(html, token);
    }

    @Inject
    TokenVault vault;

    private String accessTokenOf(String connectionId) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache
                    .Panache.withSession(() -> vault.currentToken(connectionId))).orElseThrow();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    static void has(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected to contain " + part);
        }
    }

    static void lacks(String text, String... parts) {
        for (String part : parts) {
            assertFalse(text.contains(part), () -> "expected not to contain " + part);
        }
    }
}
