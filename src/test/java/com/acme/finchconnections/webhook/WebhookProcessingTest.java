package com.acme.finchconnections.webhook;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.finchconnections.connection.ConnectionRegistered;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;

/** The consumer of finch.webhooks.v1 against the real broker and database. */
@QuarkusTest
class WebhookProcessingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    PgPool database;

    @Inject
    Event<ConnectionRegistered> registered;

    WebhookTestSupport support;

    @BeforeEach
    void setUp() {
        support = new WebhookTestSupport(database);
    }

    @AfterEach
    void tearDown() {
        support.close();
    }

    @Test
    void accountUpdatedSetsTheStatusAndTheAuthenticationMethod() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String eventId = WebhookTestSupport.newId("msg");

        // A legacy spelling: stored as today's value.
        support.send(eventId, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                support.accountUpdated("error_reauth", "credential"));

        await().atMost(PATIENCE).until(() -> "reauth".equals(support.status(connectionId)));
        assertThat(support.inboxState(eventId), equalTo("applied"));
        // An applied event's body stays on the topic; the inbox keeps bodies only for parked and dead events.
        assertThat(support.count("select count(*) from webhook_inbox where event_id = $1 and payload is null",
                eventId), equalTo(1L));
        Row audit = support.query("select event_id, event_type, cause, previous_status, status, status_changed "
                + "from connection_event where connection_id = $1", connectionId).iterator().next();
        assertThat(audit.getString("event_id"), equalTo(eventId));
        assertThat(audit.getString("cause"), equalTo("webhook"));
        assertThat(audit.getString("previous_status"), equalTo("connected"));
        assertThat(audit.getBoolean("status_changed"), is(true));
        assertThat(support.scalar("select m->>'status' from connection, jsonb_array_elements(authentication_methods) m "
                + "where connection_id = $1 and m->>'type' = 'credential'", connectionId), equalTo("reauth"));
    }

    @Test
    void authenticationMethodGivenAsPlainStringIsAccepted() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);

        support.send(WebhookTestSupport.newId("msg"), "account.updated", connectionId,
                WebhookTestSupport.BASE.plusSeconds(5),
                support.data().put("status", "error_permissions").put("authentication_method", "assisted"));

        await().atMost(PATIENCE).until(() -> "error_permissions".equals(support.status(connectionId)));
        assertThat(support.scalar("select m->>'status' from connection, jsonb_array_elements(authentication_methods) m "
                + "where connection_id = $1 and m->>'type' = 'assisted'", connectionId), equalTo("error_permissions"));
    }

    @Test
    void duplicateWebhookIsAppliedOnce() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String eventId = WebhookTestSupport.newId("msg");
        String marker = WebhookTestSupport.newId("msg");

        for (int i = 0; i < 3; i++) {
            support.send(eventId, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                    support.accountUpdated("reauth", "credential"));
        }
        // A later event on the same partition: once it is applied, every duplicate before it was consumed.
        support.send(marker, "company.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(11), support.data());

        await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(marker)));
        assertThat(support.count("select count(*) from connection_event where event_id = $1", eventId), equalTo(1L));
        assertThat(support.count("select count(*) from webhook_inbox where event_id = $1", eventId), equalTo(1L));
        assertThat(support.count("select count(*) from outbox_message where message_key = $1", connectionId),
                equalTo(1L));
    }

    @Test
    void olderStatusArrivingLaterIsRecordedButNewerWins() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String newer = WebhookTestSupport.newId("msg");
        String older = WebhookTestSupport.newId("msg");

        support.send(newer, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(20),
                support.accountUpdated("reauth", "credential"));
        support.send(older, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                support.accountUpdated("connected", "credential"));

        await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(older)));
        assertThat(support.status(connectionId), equalTo("reauth"));
        assertThat(support.scalar("select status_changed from connection_event where event_id = $1", newer),
                equalTo("true"));
        assertThat(support.scalar("select status_changed from connection_event where event_id = $1", older),
                equalTo("false"));
        assertThat(support.scalar("select status from connection_event where event_id = $1", older),
                equalTo("connected"));
    }

    @Test
    void webhookSentInTheSameSecondAsTheExchangeWins() {
        String connectionId = WebhookTestSupport.newId("conn");
        // The exchange read the status at a fraction of a second; Finch's timestamps are whole seconds.
        Instant exchangedAt = WebhookTestSupport.BASE.plusMillis(700);
        support.insertConnection(connectionId, "connected", exchangedAt);

        support.send(WebhookTestSupport.newId("msg"), "account.updated", connectionId,
                exchangedAt.truncatedTo(ChronoUnit.SECONDS), support.accountUpdated("reauth", "credential"));

        await().atMost(PATIENCE).until(() -> "reauth".equals(support.status(connectionId)));
    }

    @Test
    void unknownAndTestEventsAreRecordedAndLaterEventsStillApply() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String unknown = WebhookTestSupport.newId("msg");
        String test = WebhookTestSupport.newId("msg");
        String later = WebhookTestSupport.newId("msg");

        support.send(unknown, "benefit.frobnicated", connectionId, WebhookTestSupport.BASE.plusSeconds(1),
                support.data().put("anything", 1));
        support.send(test, "test", connectionId, WebhookTestSupport.BASE.plusSeconds(2), null);
        support.send(later, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(3),
                support.accountUpdated("disconnected", "credential"));

        await().atMost(PATIENCE).until(() -> "disconnected".equals(support.status(connectionId)));
        assertThat(support.inboxState(unknown), equalTo("applied"));
        assertThat(support.inboxState(test), equalTo("applied"));
        assertThat(support.scalar("select event_type from connection_event where event_id = $1", unknown),
                equalTo("benefit.frobnicated"));
        assertThat(support.count("select count(*) from connection_event where connection_id = $1", connectionId),
                equalTo(3L));
    }

    @Test
    void dataEventsRecordWhenEachProductLastChanged() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String last = WebhookTestSupport.newId("msg");

        support.send(WebhookTestSupport.newId("msg"), "directory.updated", connectionId,
                WebhookTestSupport.BASE.plusSeconds(30), support.data().put("individual_id", "i-1"));
        // Older than the one before: the product's last change stays the newer time.
        support.send(WebhookTestSupport.newId("msg"), "directory.created", connectionId,
                WebhookTestSupport.BASE.plusSeconds(10), support.data().put("individual_id", "i-2"));
        support.send(last, "pay_statement.created", connectionId, WebhookTestSupport.BASE.plusSeconds(40),
                support.data().put("payment_id", "p-1").put("individual_id", "i-1"));

        await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(last)));
        assertThat(support.scalar("select last_changed_at = $2 from connection_product_activity "
                + "where connection_id = $1 and product = 'directory'", connectionId,
                WebhookTestSupport.BASE.plusSeconds(30).atOffset(ZoneOffset.UTC)), equalTo("true"));
        assertThat(support.count("select count(*) from connection_product_activity where connection_id = $1 "
                + "and product = 'pay_statement'", connectionId), equalTo(1L));
        assertThat(support.scalar("select details->>'product' from connection_event where event_id = $1", last),
                equalTo("pay_statement"));
    }

    @Test
    void eventForUnknownConnectionIsParkedThenAppliedWhenTheConnectionIsRegistered() {
        String connectionId = WebhookTestSupport.newId("conn");
        String newer = WebhookTestSupport.newId("msg");
        String older = WebhookTestSupport.newId("msg");

        support.send(newer, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(20),
                support.accountUpdated("reauth", "credential"));
        support.send(older, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                support.accountUpdated("error_no_account_setup", "credential"));
        await().atMost(PATIENCE).until(() -> "parked".equals(support.inboxState(older)));
        assertThat(support.inboxState(newer), equalTo("parked"));

        // The exchange stores the connection (introspected before both events) and announces it after commit.
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        registered.fire(new ConnectionRegistered(connectionId));

        await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(older))
                && "applied".equals(support.inboxState(newer)));
        assertThat(support.status(connectionId), equalTo("reauth"));
        // Applied by Finch time: the older one first (a change), then the newer one (another change).
        List<String> trail = support.query("select event_id from connection_event where connection_id = $1 "
                + "order by id", connectionId).stream().map(row -> row.getString(0)).toList();
        assertThat(trail, contains(older, newer));
    }

    @Test
    void eventWithOnlyAnAccountIdFindsItsConnection() {
        String connectionId = WebhookTestSupport.newId("conn");
        String accountId = WebhookTestSupport.newId("acct");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE, accountId);
        String eventId = WebhookTestSupport.newId("msg");
        String body = "{\"event_type\":\"account.updated\",\"account_id\":\"" + accountId
                + "\",\"data\":{\"status\":\"reauth\"}}";
        String envelope = "{\"event_id\":\"" + eventId + "\",\"event_type\":\"account.updated\",\"account_id\":\""
                + accountId + "\",\"finch_timestamp\":\"" + WebhookTestSupport.BASE.plusSeconds(5)
                + "\",\"received_at\":\"2030-01-01T00:00:06Z\",\"payload\":" + new ObjectMapper().valueToTree(body)
                + "}";

        support.sendRaw(accountId, envelope);

        await().atMost(PATIENCE).until(() -> "reauth".equals(support.status(connectionId)));
        assertThat(support.scalar("select connection_id from webhook_inbox where event_id = $1", eventId),
                equalTo(connectionId));
    }

    @Test
    void poisonEventGoesToTheDeadLetterTopicAndLaterEventsStillApply() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String malformed = WebhookTestSupport.newId("msg");
        String later = WebhookTestSupport.newId("msg");

        try (KafkaConsumer<String, String> dlq = WebhookTestSupport.consumer(WebhookEnvelope.DEAD_LETTER_TOPIC)) {
            support.sendRaw(connectionId, "this is not json");
            support.sendRaw(connectionId, support.envelope(malformed, "account.updated", connectionId,
                    WebhookTestSupport.BASE.plusSeconds(1), "{not json either"));
            support.send(later, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(2),
                    support.accountUpdated("reauth", "credential"));

            await().atMost(PATIENCE).until(() -> "reauth".equals(support.status(connectionId)));
            assertThat(support.inboxState(malformed), equalTo("dead"));
            List<ConsumerRecord<String, String>> dead = WebhookTestSupport.records(dlq, connectionId, 2);
            assertThat(dead, hasSize(2));
            assertThat(dead.get(0).value(), equalTo("this is not json"));
            assertThat(header(dead.get(0), DeadLetters.REASON).startsWith("envelope is not a webhook envelope"),
                    is(true));
            assertThat(header(dead.get(1), DeadLetters.EVENT_ID), equalTo(malformed));
            assertThat(header(dead.get(1), DeadLetters.REASON).startsWith("payload is not JSON"), is(true));
            assertThat(header(dead.get(1), DeadLetters.ORIGINAL_TOPIC), equalTo(WebhookEnvelope.TOPIC));
        }
    }

    @Test
    void statusChangeIsPublishedOnceOnTheStatusTopic() throws Exception {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String change = WebhookTestSupport.newId("msg");

        try (KafkaConsumer<String, String> status = WebhookTestSupport.consumer("connections.status.v1")) {
            support.send(change, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                    support.accountUpdated("reauth", "credential"));
            // The same event again, and a newer one with the same status: neither is a change.
            support.send(change, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                    support.accountUpdated("reauth", "credential"));
            support.send(WebhookTestSupport.newId("msg"), "account.updated", connectionId,
                    WebhookTestSupport.BASE.plusSeconds(15), support.accountUpdated("reauth", "credential"));

            List<ConsumerRecord<String, String>> published = WebhookTestSupport.records(status, connectionId, 1);
            assertThat(published, hasSize(1));
            JsonNode message = new ObjectMapper().readTree(published.get(0).value());
            assertThat(message.get("connection_id").asText(), equalTo(connectionId));
            assertThat(message.get("customer_id").asText(), equalTo("customer-" + connectionId));
            assertThat(message.get("previous_status").asText(), equalTo("connected"));
            assertThat(message.get("status").asText(), equalTo("reauth"));
            assertThat(message.get("cause_event_id").asText(), equalTo(change));
            assertThat(support.scalar("select published_at from outbox_message where message_key = $1",
                    connectionId), is(org.hamcrest.Matchers.not(nullValue())));
        }
    }

    @Test
    void eventTheDatabaseCannotStoreGoesToTheDeadLetterTopicAndLaterEventsStillApply() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String unstorable = WebhookTestSupport.newId("msg");
        String later = WebhookTestSupport.newId("msg");

        try (KafkaConsumer<String, String> dlq = WebhookTestSupport.consumer(WebhookEnvelope.DEAD_LETTER_TOPIC)) {
            // Valid JSON, but PostgreSQL text cannot hold a NUL character (SQLSTATE 22021): retrying never helps.
            support.send(unstorable, "test\u0000", connectionId, WebhookTestSupport.BASE.plusSeconds(1),
                    support.data());
            support.send(later, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(2),
                    support.accountUpdated("reauth", "credential"));

            await().atMost(PATIENCE).until(() -> "reauth".equals(support.status(connectionId)));
            List<ConsumerRecord<String, String>> dead = WebhookTestSupport.records(dlq, connectionId, 1);
            assertThat(dead, hasSize(1));
            assertThat(header(dead.get(0), DeadLetters.EVENT_ID), equalTo(unstorable));
            assertThat(header(dead.get(0), DeadLetters.REASON).startsWith("the database rejected the event"),
                    is(true));
        }
    }

    @Test
    void initialSyncEventRecordsTheJobAndTheLastSuccessfulSync() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String jobId = WebhookTestSupport.newId("job");
        String eventId = WebhookTestSupport.newId("msg");

        // The connection has no token, so Finch cannot be asked: the event itself says the sync succeeded.
        support.send(eventId, "job.initial_data_sync_org.succeeded", connectionId,
                WebhookTestSupport.BASE.plusSeconds(60),
                support.data().put("job_id", jobId).put("job_url", "https://api.tryfinch.com/jobs/" + jobId));

        await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(eventId)));
        Row job = support.query("select type, status from job where job_id = $1", jobId).iterator().next();
        assertThat(job.getString("type"), equalTo("initial_data_sync_org"));
        assertThat(job.getString("status"), equalTo("complete"));
        assertThat(support.scalar("select last_successful_sync_at = $2 from connection where connection_id = $1",
                connectionId, WebhookTestSupport.BASE.plusSeconds(60).atOffset(ZoneOffset.UTC)), equalTo("true"));
        assertThat(support.scalar("select details->>'job_id' from connection_event where event_id = $1", eventId),
                equalTo(jobId));
    }

    /**
     * The dead-letter topic gets a poison record's own bytes, even ones that are not UTF-8: read as a String they
     * would have come back with replacement characters, and the original would be lost.
     */
    @Test
    void aRecordThatIsNotUtf8ReachesTheDeadLetterTopicByteForByte() {
        String connectionId = WebhookTestSupport.newId("conn");
        byte[] notUtf8 = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};

        try (KafkaConsumer<String, byte[]> dlq = WebhookTestSupport.consumer(WebhookEnvelope.DEAD_LETTER_TOPIC,
                ByteArrayDeserializer.class)) {
            support.sendRaw(connectionId, notUtf8);

            List<ConsumerRecord<String, byte[]>> dead = WebhookTestSupport.records(dlq, connectionId, 1);
            assertThat(dead, hasSize(1));
            assertThat(Arrays.equals(dead.get(0).value(), notUtf8), is(true));
            assertThat(header(dead.get(0), DeadLetters.REASON).startsWith("envelope is not a webhook envelope"),
                    is(true));
        }
    }

    private static String header(ConsumerRecord<String, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * A batch's records are split by connection into lanes applied side by side (in tests from two records per
     * partition on, see application.properties): each connection's events must still apply in offset order.
     */
    @Test
    void eventsOfManyConnectionsInOneBatchApplyInOrderPerConnection() {
        List<String> connections = IntStream.range(0, 6)
                .mapToObj(i -> WebhookTestSupport.newId("conn")).toList();
        connections.forEach(id -> support.insertConnection(id, "connected", WebhookTestSupport.BASE));
        List<String> statuses = List.of("reauth", "connected", "disconnected", "reauth", "connected");
        Map<String, List<String>> sent = new LinkedHashMap<>();
        String last = null;
        // Round-robin over the connections, so each batch interleaves them; every event is newer than the last.
        for (int round = 0; round < statuses.size(); round++) {
            for (String connectionId : connections) {
                last = WebhookTestSupport.newId("msg");
                sent.computeIfAbsent(connectionId, id -> new ArrayList<>()).add(last);
                support.send(last, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10 + round),
                        support.accountUpdated(statuses.get(round), "credential"));
            }
        }

        String lastEvent = last;
        await().atMost(PATIENCE).until(() -> connections.stream()
                .allMatch(id -> support.count("select count(*) from webhook_inbox where connection_id = $1", id)
                        == statuses.size()));
        assertThat(support.inboxState(lastEvent), equalTo("applied"));
        for (String connectionId : connections) {
            assertThat(support.status(connectionId), equalTo(statuses.get(statuses.size() - 1)));
            List<String> trail = support.query("select event_id from connection_event where connection_id = $1 "
                    + "order by id", connectionId).stream().map(row -> row.getString(0)).toList();
            assertThat(trail, equalTo(sent.get(connectionId)));
            // Every one of them changed the status: none was taken for older than the one before it.
            assertThat(support.count("select count(*) from connection_event where connection_id = $1 "
                    + "and status_changed", connectionId), equalTo((long) statuses.size()));
        }
    }

    /**
     * The database refuses the batch's commit (a trigger raises SQLSTATE 08006, "connection failure", for one
     * event id) for as long as the test wants: the event must be retried, not skipped, and an event behind it on
     * the same partition must not be applied before it.
     */
    @Test
    void databaseFailureIsRetriedWithoutSkippingOrReordering() {
        String connectionId = WebhookTestSupport.newId("conn");
        support.insertConnection(connectionId, "connected", WebhookTestSupport.BASE);
        String failing = WebhookTestSupport.newId("msg");
        String behind = WebhookTestSupport.newId("msg");
        support.execute("create table if not exists test_inbox_fault (event_id text primary key)");
        support.execute("create sequence if not exists test_inbox_fault_attempts");
        support.execute("""
                create or replace function test_inbox_fault() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from test_inbox_fault where event_id = new.event_id) then
                        perform nextval('test_inbox_fault_attempts');
                        raise exception 'simulated database outage' using errcode = '08006';
                    end if;
                    return new;
                end $$""");
        support.execute("drop trigger if exists test_inbox_fault on webhook_inbox");
        support.execute("create trigger test_inbox_fault before insert on webhook_inbox "
                + "for each row execute function test_inbox_fault()");
        try {
            support.execute("insert into test_inbox_fault values ($1)", io.vertx.mutiny.sqlclient.Tuple.of(failing));
            long attemptsBefore = attempts();

            support.send(failing, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(10),
                    support.accountUpdated("reauth", "credential"));
            support.send(behind, "account.updated", connectionId, WebhookTestSupport.BASE.plusSeconds(20),
                    support.accountUpdated("disconnected", "credential"));

            await().atMost(PATIENCE).until(() -> attempts() >= attemptsBefore + 3);
            // Nothing of the failing batch committed, and nothing behind it was applied out of order.
            assertThat(support.status(connectionId), equalTo("connected"));
            assertThat(support.inboxState(failing), nullValue());
            assertThat(support.inboxState(behind), nullValue());

            support.execute("delete from test_inbox_fault where event_id = $1",
                    io.vertx.mutiny.sqlclient.Tuple.of(failing));

            await().atMost(PATIENCE).until(() -> "applied".equals(support.inboxState(behind)));
            assertThat(support.inboxState(failing), equalTo("applied"));
            assertThat(support.status(connectionId), equalTo("disconnected"));
            List<String> trail = support.query("select event_id from connection_event where connection_id = $1 "
                    + "order by id", connectionId).stream().map(row -> row.getString(0)).toList();
            assertThat(trail, contains(failing, behind));
        } finally {
            support.execute("drop trigger if exists test_inbox_fault on webhook_inbox");
        }
    }

    private long attempts() {
        String value = support.scalar("select case when is_called then last_value else 0 end "
                + "from test_inbox_fault_attempts");
        return Long.parseLong(value);
    }
}
