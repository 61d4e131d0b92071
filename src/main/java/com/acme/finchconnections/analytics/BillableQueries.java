package com.acme.finchconnections.analytics;

/**
 * Connections connected at any time in a month {@code [$1, $2)}, from the connections' status history (the
 * {@code connection_event} rows that changed the status, in the order they were applied):
 * <ol>
 * <li>connected when the month began: its last status change before the month is to {@code connected};</li>
 * <li>or it changed to {@code connected} during the month (a first connection, a re-authentication, a recovery);</li>
 * <li>or, with no status history at all, its current status is {@code connected} and it existed before the
 * month ended.</li>
 * </ol>
 */
final class BillableQueries {

    private BillableQueries() {
    }

    private static final String BILLABLE = """
            with changes as (
                select id, connection_id, status, applied_at
                from connection_event
                where status_changed and applied_at < $2
            ),
            at_start as (
                select distinct on (connection_id) connection_id, status
                from changes where applied_at < $1
                order by connection_id, id desc
            ),
            billable as (
                select connection_id from at_start where status = 'connected'
                union
                select connection_id from changes where applied_at >= $1 and status = 'connected'
                union
                select c.connection_id from connection c
                where c.status = 'connected' and c.created_at < $2
                  and not exists (select 1 from connection_event e
                                  where e.connection_id = c.connection_id and e.status_changed)
            )
            """;

    static final String COUNT = BILLABLE + "select count(*) as count from billable";

    /** $3 the last connection_id of the previous page or null, $4 page size + 1. */
    static final String PAGE = BILLABLE + """
            select c.connection_id, c.customer_id, c.customer_name, c.provider_id, c.status
            from billable b join connection c using (connection_id)
            where $3::text is null or c.connection_id > $3
            order by c.connection_id
            limit $4
            """;
}
