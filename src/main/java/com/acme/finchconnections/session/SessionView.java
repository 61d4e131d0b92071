package com.acme.finchconnections.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Connect session as {@code GET /api/v1/connect/sessions/{session_id}} shows it. {@code time_in_stage_seconds}
 * maps each funnel stage the employer reached to the seconds spent in it.
 */
public record SessionView(String sessionId, String kind, String customerId, String customerName,
        String customerEmail, List<String> products, Integration integration, Boolean manual, String sandbox,
        String redirectUri, int minutesToExpire, String connectUrl, String status, String currentStage,
        String providerId, String authMethod, String errorMessage, String errorType, String connectionId,
        Map<String, Long> timeInStageSeconds, Instant createdAt, Instant updatedAt, Instant expiresAt,
        Instant openedAt, Instant completedAt) {

    public record Integration(String provider, String authMethod) {
    }

    static SessionView from(ConnectSession session) {
        return new SessionView(session.sessionId, session.kind, session.customerId, session.customerName,
                session.customerEmail, session.products,
                session.integrationProvider == null ? null
                        : new Integration(session.integrationProvider, session.integrationAuthMethod),
                session.manual, session.sandbox, session.redirectUri, session.minutesToExpire, session.connectUrl,
                session.status, session.currentStage, session.providerId, session.authMethod, session.errorMessage,
                session.errorType, session.connectionId,
                // Filled by the session-progress capability from the relayed stage events.
                Map.of(),
                session.createdAt, session.updatedAt, session.expiresAt, session.openedAt, session.completedAt);
    }
}
