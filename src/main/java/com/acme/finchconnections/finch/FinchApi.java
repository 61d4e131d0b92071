package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * TEMPORARY STUB of the issue-3 Finch client: an in-memory sandbox with /introspect only, so the migration can be
 * exercised before the real client and simulator are merged. Replaced wholesale by the issue-3 merge.
 */
@ApplicationScoped
public class FinchApi {

    public record SandboxConnection(String connectionId, String accountId, String companyId, String providerId,
            String status) {
    }

    private final Map<String, SandboxConnection> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;

    public Uni<Introspection> introspect(String accessToken) {
        return Uni.createFrom().deferred(() -> {
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Uni.createFrom().failure(FinchException.builder(FinchException.Kind.RATE_LIMITED,
                        "GET /introspect").httpStatus(429)
                        .body(429, "rate_limit_exceeded_error", "finch_application_rl", "Rate limit exceeded", Map.of())
                        .retryAfter(Duration.ofSeconds(retryAfterSeconds)).build());
            }
            SandboxConnection c = byToken.get(accessToken);
            if (c == null) {
                return Uni.createFrom().failure(FinchException.builder(FinchException.Kind.UNAUTHORIZED,
                        "GET /introspect").httpStatus(401)
                        .body(401, "authentication_error", "invalid_token", "Invalid access token", Map.of())
                        .requestId("req-" + UUID.randomUUID()).build());
            }
            ConnectionStatus status = new ConnectionStatus(c.status(), null, Instant.parse("2025-01-01T00:00:00Z"));
            return Uni.createFrom().item(new Introspection("tok-" + Math.abs(accessToken.hashCode()),
                    "finch-sim-client", "sandbox", c.connectionId(), status, "provider", List.of("company"),
                    c.providerId(), c.accountId(), c.companyId(), null, null, null,
                    List.of(new AuthenticationMethod("credential", status, List.of("company"))), List.of(), false,
                    null, null));
        });
    }

    public SandboxConnection createSandbox(String token, String providerId) {
        SandboxConnection c = new SandboxConnection(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), providerId == null ? "gusto" : providerId, "connected");
        byToken.put(token, c);
        return c;
    }

    public SandboxConnection addToken(String existingToken, String newToken) {
        SandboxConnection c = byToken.get(existingToken);
        byToken.put(newToken, c);
        return c;
    }

    public SandboxConnection setStatus(String token, String status) {
        SandboxConnection c = byToken.get(token);
        SandboxConnection updated = new SandboxConnection(c.connectionId(), c.accountId(), c.companyId(),
                c.providerId(), status);
        byToken.replaceAll((t, v) -> v.connectionId().equals(c.connectionId()) ? updated : v);
        return updated;
    }

    public void rateLimit(int count, int retryAfter) {
        retryAfterSeconds = retryAfter;
        rateLimited.set(count);
    }

    public int rateLimitsLeft() {
        return rateLimited.get();
    }
}
