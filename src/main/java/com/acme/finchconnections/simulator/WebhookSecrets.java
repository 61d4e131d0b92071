package com.acme.finchconnections.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * The secret(s) webhooks are signed with. Starts with {@code simulator.webhook-secret}; a rotation makes a new
 * secret current and keeps signing with the previous one too until the overlap ends (Finch keeps both for about
 * 24 hours), so a receiver that still knows only the old secret keeps accepting.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class WebhookSecrets {

    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    private record State(String current, String previous, Instant previousUntil) {
    }

    private final SimulatorConfig config;
    private final Clock clock;
    private final AtomicReference<State> state;

    public WebhookSecrets(SimulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.state = new AtomicReference<>(new State(config.webhookSecret(), null, null));
    }

    /** Newest first; the previous secret while its overlap lasts. */
    List<String> signingSecrets() {
        State current = state.get();
        List<String> secrets = new ArrayList<>();
        secrets.add(current.current());
        if (current.previous() != null && clock.instant().isBefore(current.previousUntil())) {
            secrets.add(current.previous());
        }
        return secrets;
    }

    /** Makes {@code newSecret} (or a random one) current; returns the state to report. */
    Rotation rotate(String newSecret, Duration overlap) {
        String secret = newSecret != null ? newSecret : randomSecret();
        WebhookSigner.key(secret);
        Instant until = clock.instant().plus(overlap != null ? overlap : DEFAULT_OVERLAP);
        State next = state.updateAndGet(previous -> new State(secret, previous.current(), until));
        return new Rotation(next.current(), until);
    }

    /** Back to the configured secret, no overlap. */
    void reset() {
        state.set(new State(config.webhookSecret(), null, null));
    }

    /** Ends the overlap: only the current secret signs from now on. */
    void endOverlap() {
        state.updateAndGet(current -> new State(current.current(), null, null));
    }

    record Rotation(String secret, Instant previousSecretValidUntil) {
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
