package com.acme.finchconnections.finch;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** STAND-IN until the Finch client (branch issue-3) is merged; see {@link FinchApi}. */
public record JobList(List<FinchJob> data, JsonNode meta) {
}
