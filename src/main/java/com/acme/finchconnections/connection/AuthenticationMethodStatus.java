package com.acme.finchconnections.connection;

import java.time.Instant;
import java.util.List;

/** One way the employer authenticated (credential, assisted, …) with its own status, as /introspect reports it. */
public record AuthenticationMethodStatus(String type, String status, String message, Instant lastSuccessfulSync,
        List<String> products) {
}
