package com.acme.finchconnections.webhook;

import static com.acme.finchconnections.webhook.SignedWebhooks.accountUpdated;
import static com.acme.finchconnections.webhook.SignedWebhooks.newEventId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.finchconnections.testing.EmbeddedKafkaBroker;
import com.acme.finchconnections.testing.InfrastructureResource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * The broker going away. This class gets a broker of its own (stopping the shared one would break every other
 * test), so it runs under a profile that restarts the application against it.
 */
@QuarkusTest
@TestProfile(WebhookBrokerDownTest.OwnBroker.class)
class WebhookBrokerDownTest {

    /** An unbounded wait would hang here instead of answering: the client gives up long before that. */
    private static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 30_000).setParam("http.connection.timeout", 5_000));

    @Test
    void webhookIsAnswered503WithRetryAfterWhileTheBrokerIsDownAndTheServiceStaysLive() throws Exception {
        SignedWebhooks.post(newEventId(), accountUpdated(UUID.randomUUID().toString(), "connected"))
                .then().statusCode(200);

        OwnBrokerResource.stopBroker();

        byte[] body = accountUpdated(UUID.randomUUID().toString(), "reauth").getBytes(StandardCharsets.UTF_8);
        SignedWebhooks.request(newEventId(), body, Instant.now().getEpochSecond(), SignedWebhooks.DEV_SECRET)
                .config(BOUNDED)
                .post(SignedWebhooks.PATH)
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:finch-connections:problem:webhook-not-persisted"));
        // Live (no restart): the producer reconnects by itself when the broker is back.
        given().config(BOUNDED).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    public static class OwnBroker implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnBrokerResource.class));
        }

        /** The shared resource would point Kafka at the shared broker; ours reuses its database settings instead. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Short, so the test is quick; the producer's own limits (max.block.ms + delivery.timeout.ms) are longer.
            return Map.of("finch.webhook.publish-timeout", "2s",
                    "mp.messaging.outgoing.finch-webhooks-out.close-timeout", "1000");
        }
    }

    public static class OwnBrokerResource implements QuarkusTestResourceLifecycleManager {

        private static EmbeddedKafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                broker = EmbeddedKafkaBroker.start(null);
            } catch (Exception e) {
                throw new IllegalStateException("could not start this test's own broker", e);
            }
            Map<String, String> config = new HashMap<>(new InfrastructureResource().start());
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            return config;
        }

        static synchronized void stopBroker() throws Exception {
            if (broker != null) {
                broker.close();
                broker = null;
            }
        }

        @Override
        public void stop() {
            try {
                stopBroker();
            } catch (Exception e) {
                System.err.println("this test's broker did not stop cleanly: " + e);
            }
        }
    }
}
