package com.acme.finchconnections.webhook;

import static com.acme.finchconnections.webhook.SignedWebhooks.accountUpdated;
import static com.acme.finchconnections.webhook.SignedWebhooks.newEventId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookBrokerDownTest {

    /** An unbounded wait would hang here instead of answering: the client gives up long before that. */
    private static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 30_000).setParam("http.connection.timeout", 5_000));

    @Inject
    WebhookPublisher publisher;

    @Test
    @Order(1)
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
                .body("type", equalTo("urn:finch-connections:problem:webhook-not-persisted"))
                .body("detail", containsString("not acknowledged by the message broker within"));
        // Live (no restart): the producer reconnects by itself when the broker is back.
        given().config(BOUNDED).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * While the broker is away, records wait in the producer until its delivery timeout: past
     * {@link WebhookPublisher#MAX_PENDING} of them a delivery is refused at once, not after the publish timeout,
     * and the cap lets deliveries through again once the held records have failed.
     */
    @Test
    @Order(2)
    void deliveriesBeyondThePendingCapAreRefusedAtOnceUntilTheHeldRecordsSettle() throws Exception {
        OwnBrokerResource.stopBroker();
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        AtomicInteger answered = new AtomicInteger();
        for (int i = 0; i < WebhookPublisher.MAX_PENDING; i++) {
            publisher.publish("pending-cap-test", value).subscribe()
                    .with(ok -> answered.incrementAndGet(), failure -> answered.incrementAndGet());
        }

        // Well under the 2 s publish timeout: refused by the cap, not timed out.
        assertThrows(WebhookPublisher.BacklogFull.class,
                () -> publisher.publish("pending-cap-test", value).await().atMost(Duration.ofMillis(500)));
        byte[] body = accountUpdated(UUID.randomUUID().toString(), "reauth").getBytes(StandardCharsets.UTF_8);
        SignedWebhooks.request(newEventId(), body, Instant.now().getEpochSecond(), SignedWebhooks.DEV_SECRET)
                .config(BOUNDED)
                .post(SignedWebhooks.PATH)
                .then().statusCode(503)
                .time(lessThan(1_500L), TimeUnit.MILLISECONDS)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:finch-connections:problem:webhook-not-persisted"))
                .body("detail",
                        containsString("was not sent: " + WebhookPublisher.MAX_PENDING + " events already wait"));

        // Every held delivery is answered (at its publish timeout). The producer fails the records themselves later,
        // at its delivery timeout; from then on a delivery is tried again (and, the broker still being away, times
        // out instead of being refused).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() == WebhookPublisher.MAX_PENDING);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !refusedByTheCap(value));
    }

    private boolean refusedByTheCap(byte[] value) {
        try {
            publisher.publish("pending-cap-test", value).await().atMost(Duration.ofSeconds(5));
            return false;
        } catch (WebhookPublisher.BacklogFull refused) {
            return true;
        } catch (RuntimeException otherFailure) {
            return false;
        }
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
