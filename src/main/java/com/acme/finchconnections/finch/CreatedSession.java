package com.acme.finchconnections.finch;

import com.fasterxml.jackson.annotation.JsonAlias;

/** Finch's answer to a session create or reauthenticate; the migration guide prints the URL as {@code url}. */
public record CreatedSession(String sessionId, @JsonAlias("url") String connectUrl) {
}
