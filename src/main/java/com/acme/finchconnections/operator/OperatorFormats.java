package com.acme.finchconnections.operator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** Template helpers: {@code {fmt:time(x)}}, {@code {fmt:badge(status)}}, {@code {fmt:duration(seconds)}}. */
@TemplateExtension(namespace = "fmt")
public class OperatorFormats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** CSS class of a status badge: red needs action, amber is in progress, green is healthy. */
    static String badge(String status) {
        if (status == null) {
            return "badge";
        }
        if (status.equals("connected") || status.equals("complete") || status.equals("completed")) {
            return "badge ok";
        }
        if (status.equals("reauth") || status.equals("disconnected") || status.startsWith("error")
                || status.equals("failed") || status.endsWith("_error")) {
            return "badge bad";
        }
        if (status.equals("pending") || status.equals("processing") || status.equals("pending_reauth")
                || status.equals("created") || status.equals("opened") || status.equals("in_progress")
                || status.equals("queued")) {
            return "badge warn";
        }
        return "badge";
    }

    static String duration(Long seconds) {
        if (seconds == null) {
            return "—";
        }
        return humanDuration(Duration.ofSeconds(seconds));
    }

    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        if (seconds < 86400) {
            return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
        }
        return (seconds / 86400) + " d " + (seconds % 86400 / 3600) + " h";
    }
}
