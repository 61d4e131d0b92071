package com.acme.finchconnections.finch;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Preselects a provider (and optionally its auth method) so Connect skips provider selection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Integration(String provider, String authMethod) {
}
