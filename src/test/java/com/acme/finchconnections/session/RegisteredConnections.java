package com.acme.finchconnections.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.acme.finchconnections.connection.ConnectionRegistered;

/** Remembers every ConnectionRegistered event, as the webhook processor's observer would receive it. */
@ApplicationScoped
public class RegisteredConnections {

    private final Set<String> connectionIds = ConcurrentHashMap.newKeySet();

    void on(@Observes ConnectionRegistered event) {
        connectionIds.add(event.connectionId());
    }

    public boolean contains(String connectionId) {
        return connectionIds.contains(connectionId);
    }
}
