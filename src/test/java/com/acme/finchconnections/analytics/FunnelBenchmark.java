package com.acme.finchconnections.analytics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.flywaydb.core.Flyway;

import com.acme.finchconnections.testing.EmbeddedPostgresServer;

/**
 * Times the authentication funnel over 1,000,000 stored session events. Not a test (surefire ignores it): run
 * it with the command in BENCHMARKS.md. Starts an embedded PostgreSQL in a temporary directory, applies the
 * project's Flyway migrations, generates 100,000 sessions x 10 Connect events inside PostgreSQL (set-based
 * INSERT ... SELECT over generate_series, the fastest bulk load there is), then runs the funnel's three queries
 * (the exact SQL the service runs) several times and prints the median.
 */
public final class FunnelBenchmark {

    private static final int SESSIONS = 100_000;
    private static final int EVENTS_PER_SESSION = 10;
    private static final int RUNS = 5;

    private FunnelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("funnel-bench");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0)) {
            String url = "jdbc:" + postgres.url();
            Flyway.configure().dataSource(url, EmbeddedPostgresServer.USER, "").locations("classpath:db/migration")
                    .load().migrate();
            try (Connection db = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                    Statement sql = db.createStatement()) {
                long loadStart = System.nanoTime();
                load(sql);
                System.out.printf("Loaded %,d sessions and %,d events in %.1f s%n", SESSIONS,
                        count(sql, "select count(*) from session_event"), (System.nanoTime() - loadStart) / 1e9);
                prepare(sql);
                time(sql, "whole window, all providers", "now() - interval '30 days'", "now()", "null");
                time(sql, "whole window, one provider", "now() - interval '30 days'", "now()", "'provider-3'");
                time(sql, "last 7 days, all providers", "now() - interval '7 days'", "now()", "null");
            }
        } finally {
            data.toFile().delete();
        }
    }

    /** Three kinds of session (completed, closed after opening the terms four times, failed three times). */
    private static void load(Statement sql) throws Exception {
        sql.execute("""
                insert into connect_session (session_id, kind, customer_id, products, minutes_to_expire, connect_url,
                    status, provider_id, created_at, updated_at, expires_at)
                select 'bench-' || g, 'connect', 'customer-' || g, '[]', 60, 'https://connect.tryfinch.com/x',
                       (array['completed', 'closed', 'failed'])[g % 3 + 1], 'provider-' || (g % 10),
                       now() - (g % 41760) * interval '1 minute', now(), now() + interval '1 day'
                from generate_series(1, SESSIONS) g
                """.replace("SESSIONS", String.valueOf(SESSIONS)));
        sql.execute("""
                insert into session_event (session_id, event_id, type, source, occurred_at, recorded_at, provider_id,
                    error_message)
                select s.session_id, 'e' || i, path[i], 'frontend',
                       s.created_at + (i * 20 + floor(random() * 10)) * interval '1 second', s.created_at,
                       s.provider_id,
                       case when path[i] = 'error' then (array['Invalid credentials', 'MFA timed out',
                           'Provider unavailable'])[1 + floor(random() * 3)::int] end
                from (select session_id, created_at, provider_id,
                             case status
                               when 'completed' then array['opened', 'provider_selected', 'terms_viewed',
                                   'terms_exited', 'terms_viewed', 'terms_accepted', 'credentials_submitted',
                                   'mfa_requested', 'account_selected', 'success']
                               when 'closed' then array['opened', 'provider_selected', 'terms_viewed',
                                   'terms_exited', 'terms_viewed', 'terms_exited', 'terms_viewed', 'terms_exited',
                                   'terms_viewed', 'closed']
                               else array['opened', 'provider_selected', 'terms_viewed', 'terms_accepted',
                                   'credentials_submitted', 'error', 'credentials_submitted', 'error',
                                   'credentials_submitted', 'error']
                             end as path
                      from connect_session where session_id like 'bench-%') s,
                     generate_series(1, EVENTS) i
                """.replace("EVENTS", String.valueOf(EVENTS_PER_SESSION)));
        sql.execute("vacuum analyze connect_session");
        sql.execute("vacuum analyze session_event");
    }

    /** PREPARE keeps the service's own $n placeholders. */
    private static void prepare(Statement sql) throws Exception {
        sql.execute("prepare totals(timestamptz, timestamptz, text) as " + FunnelQueries.TOTALS);
        sql.execute("prepare stages(timestamptz, timestamptz, text) as " + FunnelQueries.STAGES);
        sql.execute("prepare top_errors(timestamptz, timestamptz, text, int) as " + FunnelQueries.TOP_ERRORS);
    }

    private static void time(Statement sql, String label, String from, String to, String provider) throws Exception {
        String arguments = from + ", " + to + ", " + provider;
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run <= RUNS; run++) {
            long start = System.nanoTime();
            drain(sql, "execute totals(" + arguments + ")");
            drain(sql, "execute stages(" + arguments + ")");
            drain(sql, "execute top_errors(" + arguments + ", 10)");
            double elapsed = (System.nanoTime() - start) / 1e6;
            System.out.printf("  %s run %d: %.0f ms%n", label, run, elapsed);
            if (run > 0) { // the first run warms the caches
                millis.add(elapsed);
            }
        }
        Collections.sort(millis);
        System.out.printf("Funnel (%s): median %.0f ms, min %.0f ms, max %.0f ms over %d runs%n", label,
                millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1), millis.size());
    }

    private static void drain(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
