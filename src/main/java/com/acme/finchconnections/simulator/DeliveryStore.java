package com.acme.finchconnections.simulator;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Webhook deliveries and their attempts, so tests and people can see what Finch "sent". */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class DeliveryStore {

    record Delivery(String eventId, int deliveryNo, String connectionId, String eventType, String url, String body,
            Long fixedTimestamp, int attempts, Integer lastStatus, String lastError, Instant deliveredAt,
            Instant nextAttemptAt, Instant createdAt) {

        static Delivery from(Row row) {
            return new Delivery(row.getString("event_id"), row.getInteger("delivery_no"),
                    row.getString("connection_id"), row.getString("event_type"), row.getString("url"),
                    row.getString("body"), row.getLong("fixed_timestamp"), row.getInteger("attempts"),
                    row.getInteger("last_status"), row.getString("last_error"), SimRows.instant(row, "delivered_at"),
                    SimRows.instant(row, "next_attempt_at"), SimRows.instant(row, "created_at"));
        }
    }

    Uni<Void> insert(SqlClient client, Delivery delivery) {
        return client.preparedQuery("""
                insert into sim_webhook_delivery (event_id, delivery_no, connection_id, event_type, url, body,
                    fixed_timestamp, next_attempt_at, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.from(new Object[] { delivery.eventId(), delivery.deliveryNo(), delivery.connectionId(),
                        delivery.eventType(), delivery.url(), delivery.body(), delivery.fixedTimestamp(),
                        SimRows.at(delivery.nextAttemptAt()), SimRows.at(delivery.createdAt()) }))
                .replaceWithVoid();
    }

    Uni<Void> recordAttempt(SqlClient client, Delivery delivery, Integer status, String error, Instant deliveredAt,
            Instant nextAttemptAt) {
        return client.preparedQuery("""
                update sim_webhook_delivery set attempts = attempts + 1, last_status = $3, last_error = $4,
                    delivered_at = $5, next_attempt_at = $6
                where event_id = $1 and delivery_no = $2""")
                .execute(Tuple.of(delivery.eventId(), delivery.deliveryNo(), status, error, SimRows.at(deliveredAt),
                        SimRows.at(nextAttemptAt)))
                .replaceWithVoid();
    }

    Uni<Delivery> find(SqlClient client, String eventId, int deliveryNo) {
        return client.preparedQuery("select * from sim_webhook_delivery where event_id = $1 and delivery_no = $2")
                .execute(Tuple.of(eventId, deliveryNo))
                .map(rows -> SimRows.first(rows, Delivery::from));
    }

    Uni<List<Delivery>> pending(SqlClient client) {
        return client.query("""
                select * from sim_webhook_delivery where delivered_at is null and next_attempt_at is not null
                order by next_attempt_at""")
                .execute()
                .map(rows -> SimRows.all(rows, Delivery::from));
    }

    Uni<List<Delivery>> forConnection(SqlClient client, String connectionId) {
        return client.preparedQuery("""
                select * from sim_webhook_delivery where connection_id = $1 order by seq""")
                .execute(Tuple.of(connectionId))
                .map(rows -> SimRows.all(rows, Delivery::from));
    }
}
