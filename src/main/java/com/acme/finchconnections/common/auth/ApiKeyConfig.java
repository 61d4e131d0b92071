package com.acme.finchconnections.common.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** API keys as {@code caller-name:sha256-hex}: the service never holds a key in clear. */
@ConfigMapping(prefix = "api")
public interface ApiKeyConfig {

    /** Comma-separated {@code name:sha256hex} entries (env {@code API_KEYS}). */
    Optional<List<String>> keys();
}
