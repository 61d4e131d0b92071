package com.acme.finchconnections.operator;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator page at {@code /}: its sign-in session and what counts as a stale sync. */
@ConfigMapping(prefix = "operator")
public interface OperatorConfig {

    /** HMAC key signing the session cookie; without one nobody can sign in (the page stays closed). */
    Optional<String> sessionSecret();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionTtl();

    /** Secure cookie flag; only local runs and tests over plain HTTP turn it off. */
    @WithDefault("true")
    boolean secureCookie();

    /** A connection whose last successful sync is older than this needs attention. */
    @WithDefault("48h")
    Duration staleAfter();
}
