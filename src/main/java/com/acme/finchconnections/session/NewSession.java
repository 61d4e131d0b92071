package com.acme.finchconnections.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.acme.finchconnections.finch.CreateConnectSession;
import com.acme.finchconnections.finch.CreatedSession;
import com.acme.finchconnections.finch.Integration;

/** A validated request for a Connect session; {@code minutesToExpire} is always set, so the expiry is known. */
record NewSession(String customerId, String customerName, String customerEmail, List<String> products,
        String integrationProvider, String integrationAuthMethod, Boolean manual, int minutesToExpire,
        String redirectUri, String sandbox) {

    CreateConnectSession toFinch() {
        return new CreateConnectSession(customerId, customerName, customerEmail, products,
                integrationProvider == null ? null : new Integration(integrationProvider, integrationAuthMethod),
                manual, minutesToExpire, redirectUri, sandbox);
    }

    ConnectSession newSession(CreatedSession created, Instant now) {
        ConnectSession session = new ConnectSession();
        session.sessionId = created.sessionId();
        session.kind = ConnectSession.KIND_CONNECT;
        session.status = "created";
        session.createdAt = now;
        applyTo(session, created, now);
        return session;
    }

    /** Finch refreshed the customer's session with these parameters: store them as Finch now has them. */
    void applyTo(ConnectSession session, CreatedSession created, Instant now) {
        session.customerId = customerId;
        session.customerName = customerName;
        session.customerEmail = customerEmail;
        session.products = new ArrayList<>(products);
        session.integrationProvider = integrationProvider;
        session.integrationAuthMethod = integrationAuthMethod;
        session.manual = manual;
        session.sandbox = sandbox;
        session.redirectUri = redirectUri;
        session.minutesToExpire = minutesToExpire;
        session.connectUrl = created.connectUrl();
        session.updatedAt = now;
        session.expiresAt = now.plus(Duration.ofMinutes(minutesToExpire));
    }
}
