package com.acme.finchconnections.common.outbox;

import io.smallrye.mutiny.Uni;

/**
 * A step the relay runs before publishing, to complete committed messages with something that needs a slow call
 * (e.g. a Finch session link), outside the relay's transaction. It must never fail the relay: a message it could
 * not complete is published as it is.
 */
public interface OutboxPreparation {

    Uni<Void> prepare();
}
