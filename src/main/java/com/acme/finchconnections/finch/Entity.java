package com.acme.finchconnections.finch;

/** One entity (legal employer) behind a multi-entity connection. */
public record Entity(String id, String name, String sourceId, String status) {
}
