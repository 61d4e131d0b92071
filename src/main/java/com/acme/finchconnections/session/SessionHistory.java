package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A session's timeline: what the employer did in Connect and what the service itself did for the session. */
@ApplicationScoped
public class SessionHistory {

    public static final String SESSION_CREATED = "session_created";
    public static final String SESSION_REFRESHED = "session_refreshed";
    public static final String CODE_EXCHANGED = "code_exchanged";
    public static final String EXCHANGE_FAILED = "exchange_failed";
    /** Merged in from the connection's audit trail, see {@link #page}. */
    public static final String CONNECTION_STATUS_CHANGED = "connection_status_changed";

    private final ObjectMapper json;
    private final Pool database;
    private final Clock clock;

    public SessionHistory(ObjectMapper json, Pool database, Clock clock) {
        this.json = json;
        this.database = database;
        this.clock = clock;
    }

    /** Details as alternating names and values; null values are left out. */
    public static Map<String, Object> details(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                details.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return details;
    }

    /** Records something the service did for the session; runs inside the caller's transaction. */
    public Uni<SessionEvent> recordServiceEvent(String sessionId, String type, Map<String, Object> details) {
        return serviceEvent(sessionId, type, details).persist();
    }

    /** Records a failed step with the message Finch gave (never a code or token). */
    public Uni<SessionEvent> recordFailure(String sessionId, String type, String errorMessage, String errorType,
            Map<String, Object> details) {
        SessionEvent event = serviceEvent(sessionId, type, details);
        event.errorMessage = errorMessage;
        event.errorType = errorType;
        return event.persist();
    }

    /**
     * The session's own events merged with the status changes of its connection since the session was created
     * ({@code connection_status_changed}, read from the connection's audit trail so nothing is written twice).
     * Oldest first; on equal times session events come first, then the order they were recorded in.
     */
    public Uni<Page<HistoryEntry>> page(String sessionId, PageRequest page) {
        Tuple parameters = page.first()
                ? Tuple.of(sessionId, null, 0, 0L, page.fetchSize())
                : Tuple.of(sessionId, cursorTime(page).atOffset(ZoneOffset.UTC), cursorKind(page), cursorId(page),
                        page.fetchSize());
        return database.preparedQuery("select 1 from connect_session where session_id = $1")
                .execute(Tuple.of(sessionId))
                .chain(found -> found.size() == 0
                        ? Uni.createFrom().failure(Problems.notFound("Session", sessionId))
                        : database.preparedQuery(HISTORY_PAGE).execute(parameters))
                .map(rows -> {
                    List<Row> fetched = new ArrayList<>();
                    rows.forEach(fetched::add);
                    return Page.of(fetched, page.limit(), (Row last) -> PageRequest.cursor(
                            occurredAt(last).toString(), String.valueOf(last.getInteger("kind")),
                            String.valueOf(last.getLong("id"))));
                })
                .map(rows -> rows.map(this::entry));
    }

    private static final String HISTORY_PAGE = """
            select occurred_at, kind, id, type, source, event_id, provider_id, auth_method, error_message,
                   error_type, details
            from (
                select e.occurred_at, 0 as kind, e.id, e.type, e.source, e.event_id, e.provider_id, e.auth_method,
                       e.error_message, e.error_type, e.details
                from session_event e
                where e.session_id = $1
                union all
                select c.applied_at, 1, c.id, 'connection_status_changed', 'service', c.event_id, null, null, null,
                       null, jsonb_strip_nulls(jsonb_build_object('connection_id', c.connection_id,
                           'previous_status', c.previous_status, 'status', c.status, 'cause', c.cause,
                           'event_type', c.event_type, 'finch_timestamp', c.finch_timestamp))
                from connection_event c
                join connect_session s on s.connection_id = c.connection_id
                where s.session_id = $1 and c.status_changed and c.applied_at >= s.created_at
            ) history
            where $2::timestamptz is null or (occurred_at, kind, id) > ($2::timestamptz, $3::int, $4::bigint)
            order by occurred_at, kind, id
            limit $5
            """;

    private HistoryEntry entry(Row row) {
        SessionEvent event = new SessionEvent();
        event.type = row.getString("type");
        event.source = row.getString("source");
        event.eventId = row.getString("event_id");
        event.occurredAt = occurredAt(row);
        event.providerId = row.getString("provider_id");
        event.authMethod = row.getString("auth_method");
        event.errorMessage = row.getString("error_message");
        event.errorType = row.getString("error_type");
        Object details = row.getValue("details");
        try {
            event.details = details == null ? null : json.readTree(Json.encode(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored history details are not JSON", e);
        }
        return HistoryEntry.from(event);
    }

    private static Instant occurredAt(Row row) {
        return row.getOffsetDateTime("occurred_at").toInstant();
    }

    private SessionEvent serviceEvent(String sessionId, String type, Map<String, Object> details) {
        Instant now = Instant.now(clock);
        SessionEvent event = new SessionEvent();
        event.sessionId = sessionId;
        event.type = type;
        event.source = SessionEvent.SOURCE_SERVICE;
        event.occurredAt = now;
        event.recordedAt = now;
        event.details = json.valueToTree(withoutNulls(details));
        return event;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> details) {
        Map<String, Object> kept = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static Instant cursorTime(PageRequest page) {
        try {
            return Instant.parse(page.afterPart(0));
        } catch (DateTimeParseException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static int cursorKind(PageRequest page) {
        try {
            return Integer.parseInt(page.afterPart(1));
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static long cursorId(PageRequest page) {
        try {
            return Long.parseLong(page.afterPart(2));
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
