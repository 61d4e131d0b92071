package com.acme.finchconnections.session;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** A session's timeline: what the employer did in Connect and what the service itself did for the session. */
@ApplicationScoped
public class SessionHistory {

    public static final String SESSION_CREATED = "session_created";
    public static final String SESSION_REFRESHED = "session_refreshed";
    public static final String CODE_EXCHANGED = "code_exchanged";
    public static final String EXCHANGE_FAILED = "exchange_failed";

    private final ObjectMapper json;
    private final Clock clock;

    public SessionHistory(ObjectMapper json, Clock clock) {
        this.json = json;
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

    @WithSession
    public Uni<Page<HistoryEntry>> page(String sessionId, PageRequest page) {
        return ConnectSession.count("sessionId", sessionId)
                .chain(count -> count == 0
                        ? Uni.createFrom().failure(Problems.notFound("Session", sessionId))
                        : events(sessionId, page))
                .map(rows -> Page.of(rows, page.limit(),
                        (SessionEvent last) -> PageRequest.cursor(last.occurredAt.toString(), last.id.toString())))
                .map(rows -> rows.map(HistoryEntry::from));
    }

    /** Oldest first; ties on the time keep the order the events were recorded in. */
    private static Uni<java.util.List<SessionEvent>> events(String sessionId, PageRequest page) {
        if (page.first()) {
            return SessionEvent.<SessionEvent>find("sessionId = ?1 order by occurredAt, id", sessionId)
                    .page(0, page.fetchSize()).list();
        }
        return SessionEvent.<SessionEvent>find("sessionId = :sessionId and (occurredAt > :after "
                + "or (occurredAt = :after and id > :afterId)) order by occurredAt, id",
                Parameters.with("sessionId", sessionId).and("after", cursorTime(page)).and("afterId", cursorId(page)))
                .page(0, page.fetchSize()).list();
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

    private static long cursorId(PageRequest page) {
        try {
            return Long.parseLong(page.afterPart(1));
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
