package com.acme.finchconnections.finch;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record Integration(String provider, String authMethod) {
}
