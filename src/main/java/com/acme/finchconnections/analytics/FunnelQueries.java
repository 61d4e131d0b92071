package com.acme.finchconnections.analytics;

/**
 * The funnel in SQL, so the database reads the events and only a few rows per stage come back. Each query starts
 * from the same timeline: the relayed events of sessions created in the window (and for the provider), cut after
 * a session's first {@code success} (later events stay in the history but no longer count), numbered per session
 * in (occurred_at, id) order — the same replay as {@code session/SessionTimeline}.
 */
final class FunnelQueries {

    private FunnelQueries() {
    }

    /** $1 from, $2 to, $3 provider_id or null. */
    private static final String TIMELINE = """
            with scoped as (
                select s.session_id, s.status = 'completed' as completed
                from connect_session s
                where s.created_at >= $1 and s.created_at < $2
                  and ($3::text is null or coalesce(s.provider_id, s.integration_provider) = $3)
            ),
            ordered as (
                select e.session_id, e.type, e.occurred_at, e.error_message,
                       row_number() over events as n, lag(e.type) over events as previous_type
                from session_event e
                join scoped using (session_id)
                where e.source = 'frontend'
                window events as (partition by e.session_id order by e.occurred_at, e.id)
            ),
            cut as (
                select session_id, min(n) as success_n from ordered where type = 'success' group by session_id
            ),
            timeline as (
                select o.* from ordered o left join cut using (session_id)
                where cut.success_n is null or o.n <= cut.success_n
            )
            """;

    /**
     * Per stage: sessions that reached it (any event of that type; any event at all counts as opened), sessions
     * that dropped there (never completed, and their last stage other than error/closed/success is this one), and
     * the median over sessions of the seconds spent in it (a stay runs from entering the stage to the next event
     * of another type; stays add up; a session's last stay has no end and does not count). A stay starts at an
     * event whose previous event has another type, so one sort of the events serves every step.
     */
    static final String STAGES = TIMELINE + """
            ,
            stays as (
                select session_id, type, n, occurred_at as entered_at
                from timeline where previous_type is distinct from type
            ),
            timed as (
                select session_id, type, n,
                       extract(epoch from lead(entered_at) over (partition by session_id order by n) - entered_at)
                           as seconds
                from stays
            ),
            per_session as (
                select session_id, type, sum(seconds) as seconds from timed group by session_id, type
            ),
            medians as (
                select type, percentile_cont(0.5) within group (order by seconds) as median_seconds
                from per_session where seconds is not null group by type
            ),
            reached as (
                select type, count(*) as reached from per_session where type <> 'opened' group by type
                union all
                select 'opened', count(distinct session_id) from per_session
            ),
            last_stage as (
                select distinct on (t.session_id) t.session_id, t.type
                from timed t join scoped s using (session_id)
                where not s.completed and t.type not in ('error', 'closed', 'success')
                order by t.session_id, t.n desc
            ),
            dropped as (
                select type, count(*) as dropped from last_stage group by type
            )
            select coalesce(r.type, d.type, m.type) as stage, coalesce(r.reached, 0) as reached,
                   coalesce(d.dropped, 0) as dropped, m.median_seconds
            from reached r
            full join dropped d using (type)
            full join medians m using (type)
            """;

    /** Sessions started (created in the window) and completed (by success or an exchanged code). */
    static final String TOTALS = """
            select count(*) as started, count(*) filter (where s.status = 'completed') as completed
            from connect_session s
            where s.created_at >= $1 and s.created_at < $2
              and ($3::text is null or coalesce(s.provider_id, s.integration_provider) = $3)
            """;

    /** The error messages employers saw most often; $4 how many. */
    static final String TOP_ERRORS = """
            select coalesce(e.error_message, '(no message)') as message, count(*) as count
            from session_event e
            join connect_session s using (session_id)
            where e.source = 'frontend' and e.type = 'error'
              and s.created_at >= $1 and s.created_at < $2
              and ($3::text is null or coalesce(s.provider_id, s.integration_provider) = $3)
            group by 1
            order by count desc, message
            limit $4
            """;
}
