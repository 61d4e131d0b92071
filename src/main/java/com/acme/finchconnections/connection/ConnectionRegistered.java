package com.acme.finchconnections.connection;

/**
 * Fired (CDI event) after a transaction that created a connection or gave an existing token its connection_id
 * has committed: code exchange, migration. Webhook events that arrived for it before it existed are applied then.
 */
public record ConnectionRegistered(String connectionId) {
}
