package com.acme.finchconnections.finch;

/** TEMPORARY STUB of the issue-3 Finch client surface. */
public record Entity(String id, String name, String sourceId, String status) {
}
