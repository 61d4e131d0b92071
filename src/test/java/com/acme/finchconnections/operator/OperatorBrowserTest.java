package com.acme.finchconnections.operator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.acme.finchconnections.session.ConnectFlows;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The operator page in real headless Chromium: creates simulator data through the API, then runs
 * {@code browser-test/operator.spec.mjs} (playwright-core) against this running service. Needs node, Debian's
 * chromium and {@code npm ci} in browser-test; run with {@code -Dbrowser=true}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "browser", matches = "true")
class OperatorBrowserTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @Test
    void anOperatorFindsAConnectionNeedingReauthenticationAndSendsTheEmployerANewLink() throws Exception {
        String customer = ConnectFlows.uniqueCustomer("browser");
        String connectionId = ConnectFlows.connectedCustomer(customer + "-reauth");
        reauthThroughFinchWebhook(connectionId);
        String sessionId = sessionWithAFailedStep(customer + "-session");

        ProcessBuilder node = new ProcessBuilder("node", "browser-test/operator.spec.mjs")
                .redirectErrorStream(true);
        node.environment().putAll(Map.of(
                "BASE_URL", baseUrl.toString(),
                "API_KEY", OperatorPages.API_KEY,
                "CONNECTION_ID", connectionId,
                "CUSTOMER", customer,
                "SESSION_ID", sessionId,
                "SESSION_ERROR", "Error shown",
                "SCREENSHOT_DIR", new File("target/browser-screenshots").getAbsolutePath(),
                "CHECK_FUNNEL", "true"));
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        System.out.println("--- browser-test/operator.spec.mjs ---\n" + output);
        assertTrue(finished, "the browser test finished in time");
        assertEquals(0, process.exitValue(), "the browser test passed; its output is above");
    }

    /** Finch tells the service, through a signed webhook from the simulator, that the employer must re-authenticate. */
    private static void reauthThroughFinchWebhook(String connectionId) {
        given().contentType("application/json")
                .body(Map.of("event_type", "account.updated",
                        "data", Map.of("status", "reauth", "authentication_method", Map.of("type", "credential"))))
                .when().post("/finch-sim/_sim/connections/{id}/webhooks", connectionId)
                .then().statusCode(202);
        // In CI this class runs alone, so the consumer may still be joining its group when the webhook arrives.
        await().atMost(Duration.ofSeconds(60)).until(() -> "reauth".equals(
                ConnectFlows.connection(connectionId).then().extract().path("status")));
    }

    /** A session whose timeline has a failed exchange (with Finch's message) before the successful one. */
    private static String sessionWithAFailedStep(String customerId) {
        String sessionId = ConnectFlows.newSession(customerId);
        ConnectFlows.exchange("not-a-code-" + UUID.randomUUID(), sessionId).then()
                .statusCode(greaterThanOrEqualTo(400));
        ConnectFlows.exchange(ConnectFlows.completeInFinch(sessionId), sessionId).then().statusCode(201);
        return sessionId;
    }
}
