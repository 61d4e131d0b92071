package com.acme.finchconnections.operator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.acme.finchconnections.analytics.AuthFunnel;

/** The funnel as bars: each stage's width is its share of the sessions started. */
public record FunnelChart(AuthFunnel funnel, List<Bar> bars, String fromDate, String toDate, String conversion) {

    public record Bar(String stage, long reached, long dropped, int widthPercent, String reachedPercent,
            String medianTime) {
    }

    static FunnelChart of(AuthFunnel funnel) {
        long base = Math.max(1, Math.max(funnel.sessionsStarted(),
                funnel.stages().stream().mapToLong(AuthFunnel.Stage::reached).max().orElse(0)));
        List<Bar> bars = funnel.stages().stream()
                .map(stage -> new Bar(stage.stage(), stage.reached(), stage.dropped(),
                        (int) Math.round(100.0 * stage.reached() / base),
                        percent((double) stage.reached() / base),
                        stage.medianSeconds() == null ? "—"
                                : OperatorFormats.humanDuration(Duration.ofSeconds(Math.round(stage.medianSeconds())))))
                .toList();
        return new FunnelChart(funnel, bars, date(funnel.from(), 0), date(funnel.to(), -1),
                percent(funnel.conversionRate()));
    }

    /**
     * The form's dates as the API's window: {@code from} starts its day, {@code to} includes its day (UTC). Other
     * values pass through for the analytics service to accept or refuse.
     */
    static String windowStart(String date) {
        return isDate(date) ? LocalDate.parse(date).atStartOfDay().toInstant(ZoneOffset.UTC).toString() : date;
    }

    static String windowEnd(String date) {
        return isDate(date) ? LocalDate.parse(date).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString()
                : date;
    }

    private static boolean isDate(String value) {
        return value != null && value.matches("\\d{4}-\\d{2}-\\d{2}");
    }

    private static String date(java.time.Instant instant, int dayOffset) {
        return instant == null ? "" : LocalDate.ofInstant(instant.minusSeconds(dayOffset == 0 ? 0 : 1), ZoneOffset.UTC)
                .toString();
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }
}
