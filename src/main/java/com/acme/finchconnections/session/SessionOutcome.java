package com.acme.finchconnections.session;

/** A session as stored after a create, and whether this call created it (201) or Finch refreshed it (200). */
public record SessionOutcome(SessionCreated session, boolean created) {
}
