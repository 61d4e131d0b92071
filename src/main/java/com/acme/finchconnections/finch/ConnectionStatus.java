package com.acme.finchconnections.finch;

import java.time.Instant;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** A connection's (or one authentication method's) status as Finch reports it. */
public record ConnectionStatus(
        String status,
        String message,
        @JsonDeserialize(using = LenientInstantDeserializer.class) Instant lastSuccessfulSync) {
}
