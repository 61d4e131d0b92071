package com.acme.finchconnections.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.session.SessionStages;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The authentication funnel and the billable-connection count, both computed by PostgreSQL. */
@ApplicationScoped
public class AnalyticsService {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Pool database;
    private final AnalyticsConfig config;
    private final Clock clock;

    public AnalyticsService(Pool database, AnalyticsConfig config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
    }

    public Uni<AuthFunnel> funnel(String from, String to, String providerId) {
        FunnelWindow window = FunnelWindow.parse(from, to, providerId, Instant.now(clock),
                config.funnel().defaultWindow());
        Tuple filters = Tuple.of(window.from().atOffset(ZoneOffset.UTC), window.to().atOffset(ZoneOffset.UTC),
                window.providerId());
        Tuple errorFilters = Tuple.of(window.from().atOffset(ZoneOffset.UTC), window.to().atOffset(ZoneOffset.UTC),
                window.providerId(), config.funnel().topErrors());
        return database.preparedQuery(FunnelQueries.TOTALS).execute(filters)
                .chain(totals -> database.preparedQuery(FunnelQueries.STAGES).execute(filters)
                        .chain(stages -> database.preparedQuery(FunnelQueries.TOP_ERRORS).execute(errorFilters)
                                .map(errors -> report(window, totals.iterator().next(), stages, errors))));
    }

    public Uni<BillableConnections> billable(String month, PageRequest page) {
        YearMonth yearMonth = month(month);
        Instant start = yearMonth.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = yearMonth.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Tuple window = Tuple.of(start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC));
        Tuple pageFilters = Tuple.of(start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC),
                page.first() ? null : page.afterPart(0), page.fetchSize());
        return database.preparedQuery(BillableQueries.COUNT).execute(window)
                .chain(count -> database.preparedQuery(BillableQueries.PAGE).execute(pageFilters)
                        .map(rows -> billable(yearMonth, count.iterator().next().getLong("count"), rows, page)));
    }

    private static AuthFunnel report(FunnelWindow window, Row totals, RowSet<Row> stageRows, RowSet<Row> errorRows) {
        Map<String, Row> byStage = new HashMap<>();
        stageRows.forEach(row -> byStage.put(row.getString("stage"), row));
        List<AuthFunnel.Stage> stages = SessionStages.ORDER.stream().map(stage -> {
            Row row = byStage.get(stage);
            return row == null ? new AuthFunnel.Stage(stage, 0, 0, null)
                    : new AuthFunnel.Stage(stage, row.getLong("reached"), row.getLong("dropped"),
                            rounded(row.getDouble("median_seconds")));
        }).toList();
        List<AuthFunnel.ErrorCount> errors = new ArrayList<>();
        errorRows.forEach(row -> errors.add(new AuthFunnel.ErrorCount(row.getString("message"), row.getLong("count"))));
        long started = totals.getLong("started");
        long completed = totals.getLong("completed");
        double conversion = started == 0 ? 0 : Math.round(10_000.0 * completed / started) / 10_000.0;
        return new AuthFunnel(window.from(), window.to(), window.providerId(), started, completed, conversion, stages,
                errors);
    }

    private static BillableConnections billable(YearMonth month, long count, RowSet<Row> rows, PageRequest page) {
        List<BillableConnections.Connection> fetched = new ArrayList<>();
        rows.forEach(row -> fetched.add(new BillableConnections.Connection(row.getString("connection_id"),
                row.getString("customer_id"), row.getString("customer_name"), row.getString("provider_id"),
                row.getString("status"))));
        Page<BillableConnections.Connection> onePage = Page.of(fetched, page.limit(),
                connection -> PageRequest.cursor(connection.connectionId()));
        return new BillableConnections(MONTH.format(month), count, onePage.data(), onePage.nextCursor());
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(month.trim(), MONTH);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("month", "must be a month as YYYY-MM, e.g. 2025-01");
        }
    }

    /** Millisecond precision is all the events carry in practice. */
    private static Double rounded(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000.0) / 1000.0;
    }
}
