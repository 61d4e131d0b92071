package com.acme.finchconnections.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's progress replayed from its relayed Connect events, oldest first. Replaying (a session has few
 * events) rather than updating step by step keeps the result right when events arrive out of order.
 * <ul>
 * <li>status: {@code created} until the first event; {@code opened} on any stage; {@code failed} after
 * {@code error}; {@code closed} after {@code closed}; {@code completed} at {@code success}. An employer may retry
 * after an error or reopen after closing, so a later stage or {@code success} moves the session on again.</li>
 * <li>{@code success} ends the timeline: later events are kept in the history but change nothing here.</li>
 * <li>time in a stage: from an event to the next event of another type; a stage visited several times (terms
 * viewed six times) adds up. The last stage has no end yet and is left out of the totals.</li>
 * </ul>
 */
record SessionTimeline(String status, String currentStage, Instant openedAt, Instant completedAt,
        String providerId, String authMethod, String errorMessage, String errorType, List<StageVisit> stages) {

    /** One stay in a stage; {@code leftAt}/{@code seconds} are null while the employer is still there. */
    public record StageVisit(String stage, Instant enteredAt, Instant leftAt, Double seconds) {
    }

    static SessionTimeline replay(List<SessionEvent> eventsOldestFirst) {
        String status = "created";
        String providerId = null;
        String authMethod = null;
        String errorMessage = null;
        String errorType = null;
        Instant openedAt = null;
        Instant completedAt = null;
        List<StageVisit> visits = new ArrayList<>();
        for (SessionEvent event : eventsOldestFirst) {
            openedAt = openedAt == null ? event.occurredAt : openedAt;
            providerId = event.providerId != null ? event.providerId : providerId;
            authMethod = event.authMethod != null ? event.authMethod : authMethod;
            enter(visits, event);
            switch (event.type) {
                case SessionStages.SUCCESS -> {
                    status = "completed";
                    completedAt = event.occurredAt;
                }
                case SessionStages.ERROR -> {
                    status = "failed";
                    errorMessage = event.errorMessage;
                    errorType = event.errorType;
                }
                case SessionStages.CLOSED -> status = "closed";
                default -> status = "opened";
            }
            if (completedAt != null) {
                break;
            }
        }
        String current = visits.isEmpty() ? null : visits.get(visits.size() - 1).stage();
        return new SessionTimeline(status, current, openedAt, completedAt, providerId, authMethod, errorMessage,
                errorType, List.copyOf(visits));
    }

    /** A new visit when the stage changes; the previous visit ends when the next one starts. */
    private static void enter(List<StageVisit> visits, SessionEvent event) {
        if (!visits.isEmpty()) {
            StageVisit last = visits.get(visits.size() - 1);
            if (last.stage().equals(event.type)) {
                return;
            }
            visits.set(visits.size() - 1, new StageVisit(last.stage(), last.enteredAt(), event.occurredAt,
                    seconds(last.enteredAt(), event.occurredAt)));
        }
        visits.add(new StageVisit(event.type, event.occurredAt, null, null));
    }

    /** Seconds per stage in contract order, for stages with at least one finished visit. */
    Map<String, Double> timeInStageSeconds() {
        Map<String, Double> totals = new LinkedHashMap<>();
        for (String stage : SessionStages.ORDER) {
            double total = 0;
            boolean any = false;
            for (StageVisit visit : stages) {
                if (visit.stage().equals(stage) && visit.seconds() != null) {
                    total += visit.seconds();
                    any = true;
                }
            }
            if (any) {
                totals.put(stage, total);
            }
        }
        return totals;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000_000.0;
    }
}
