package com.acme.finchconnections.migration;

import java.util.UUID;

/** {@code 202} answer to a migration request: where to follow it. */
public record MigrationStarted(UUID migrationId, String kind, int total) {
}
