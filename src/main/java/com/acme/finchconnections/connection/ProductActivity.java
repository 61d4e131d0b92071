package com.acme.finchconnections.connection;

import static com.acme.finchconnections.common.db.ColumnArrays.text;
import static com.acme.finchconnections.common.db.ColumnArrays.times;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** When Finch last said a product's data changed for a connection (its data webhooks). */
public record ProductActivity(String connectionId, String product, Instant changedAt) {

    /**
     * Records a batch of changes in one statement; a time never moves backwards (events arrive out of order).
     * Must run inside the caller's transaction.
     */
    public static Uni<Void> recordAll(List<ProductActivity> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One row per (connection, product): an upsert may not touch the same row twice in one statement.
        Map<List<String>, ProductActivity> latest = new LinkedHashMap<>();
        for (ProductActivity change : changes) {
            latest.merge(List.of(change.connectionId(), change.product()), change,
                    (a, b) -> a.changedAt().isAfter(b.changedAt()) ? a : b);
        }
        List<ProductActivity> rows = List.copyOf(latest.values());
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        insert into connection_product_activity (connection_id, product, last_changed_at)
                        select c, p, t
                        from unnest(cast(?1 as text[]), cast(?2 as text[]),
                            cast(cast(?3 as text[]) as timestamptz[])) as a(c, p, t)
                        on conflict (connection_id, product) do update
                        set last_changed_at = greatest(connection_product_activity.last_changed_at,
                                                       excluded.last_changed_at)""")
                        .setParameter(1, text(rows, ProductActivity::connectionId))
                        .setParameter(2, text(rows, ProductActivity::product))
                        .setParameter(3, times(rows, ProductActivity::changedAt))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
