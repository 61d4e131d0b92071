package com.acme.finchconnections.session;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Finds sessions for people looking at a connection: its own re-authentications and its customer's Connects. */
@ApplicationScoped
public class SessionDirectory {

    /** Newest first, at most {@code limit}. */
    @WithSession
    public Uni<List<SessionView>> ofConnection(String connectionId, String customerId, int limit) {
        return ConnectSession.<ConnectSession>find(
                "connectionId = ?1 or (?2 <> '' and customerId = ?2) order by createdAt desc, sessionId",
                connectionId, customerId == null ? "" : customerId)
                .page(0, limit).list()
                // A list shows status and stage only; the per-stage times need each session's events (its own page).
                .map(sessions -> sessions.stream()
                        .map(session -> SessionView.from(session, SessionTimeline.replay(List.of()))).toList());
    }
}
