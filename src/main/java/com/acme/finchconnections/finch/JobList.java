package com.acme.finchconnections.finch;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Finch's {@code GET /jobs/automated}: newest first; {@code meta.quotas} tells the refreshes left. */
public record JobList(List<FinchJob> data, JsonNode meta) {
}
