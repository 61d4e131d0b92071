package com.acme.finchconnections.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Connect session as {@code GET /api/v1/connect/sessions/{session_id}} shows it. {@code stages} lists each
 * stay in a Connect stage, oldest first ({@code left_at}/{@code seconds} null for the stage the employer is still
 * in); {@code time_in_stage_seconds} adds them up per stage, in contract order (see docs/session-progress.md).
 */
public record SessionView(String sessionId, String kind, String customerId, String customerName,
        String customerEmail, List<String> products, Integration integration, Boolean manual, String sandbox,
        String redirectUri, int minutesToExpire, String connectUrl, String status, String currentStage,
        String providerId, String authMethod, String errorMessage, String errorType, String connectionId,
        List<SessionTimeline.StageVisit> stages, Map<String, Double> timeInStageSeconds, Instant createdAt, Instant updatedAt, Instant expiresAt,
        Instant openedAt, Instant completedAt) {

    public record Integration(String provider, String authMethod) {
    }

    static SessionView from(ConnectSession session, SessionTimeline timeline) {
        return new SessionView(session.sessionId, session.kind, session.customerId, session.customerName,
                session.customerEmail, session.products,
                session.integrationProvider == null ? null
                        : new Integration(session.integrationProvider, session.integrationAuthMethod),
                session.manual, session.sandbox, session.redirectUri, session.minutesToExpire, session.connectUrl,
                session.status, session.currentStage, session.providerId, session.authMethod, session.errorMessage,
                session.errorType, session.connectionId,
                timeline.stages(), timeline.timeInStageSeconds(),
                session.createdAt, session.updatedAt, session.expiresAt, session.openedAt, session.completedAt);
    }
}
