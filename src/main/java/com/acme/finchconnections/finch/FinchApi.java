package com.acme.finchconnections.finch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * TEMPORARY STUB of the issue-3 Finch client: an in-memory Finch so the session/exchange code can be exercised
 * before the real client and simulator are merged. Replaced wholesale by the issue-3 merge.
 */
@ApplicationScoped
public class FinchApi {

    record FakeSession(String sessionId, String customerId, String customerName, String connectionId,
            List<String> products, Instant expiresAt) {
    }

    record FakeConnection(String connectionId, String customerId, String customerName, String providerId,
            String authMethod, List<String> products, String accountId, String companyId) {
    }

    private final Map<String, FakeSession> sessionsById = new HashMap<>();
    private final Map<String, FakeConnection> connections = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final List<int[]> faults = new ArrayList<>();

    public synchronized Uni<CreatedSession> createConnectSession(CreateConnectSession request) {
        return fault().orElse(() -> {
            for (FakeConnection c : connections.values()) {
                if (request.customerId().equals(c.customerId())) {
                    throw new FinchException(400, "bad_request", "connection_already_exists",
                            "Connection already exists; use /connect/sessions/reauthenticate", "req-1", null, null,
                            Map.of("customer_id", c.customerId(), "connection_id", c.connectionId()));
                }
            }
            Instant expires = Instant.now().plus(Duration.ofMinutes(request.minutesToExpire()));
            for (FakeSession s : sessionsById.values()) {
                if (s.connectionId() == null && request.customerId().equals(s.customerId())
                        && s.expiresAt().isAfter(Instant.now())) {
                    sessionsById.put(s.sessionId(), new FakeSession(s.sessionId(), s.customerId(),
                            request.customerName(), null, request.products(), expires));
                    return new CreatedSession(s.sessionId(), url(s.sessionId()));
                }
            }
            String id = "sess_" + UUID.randomUUID();
            sessionsById.put(id, new FakeSession(id, request.customerId(), request.customerName(), null,
                    request.products(), expires));
            return new CreatedSession(id, url(id));
        });
    }

    public synchronized Uni<CreatedSession> reauthenticate(ReauthenticateSession request) {
        return fault().orElse(() -> {
            FakeConnection c = connections.get(request.connectionId());
            if (c == null) {
                throw new FinchException(404, "not_found_error", "item_not_found", "Connection not found", "req-2",
                        null, null, null);
            }
            String id = "sess_" + UUID.randomUUID();
            sessionsById.put(id, new FakeSession(id, c.customerId(), c.customerName(), c.connectionId(),
                    request.products() == null ? c.products() : request.products(),
                    Instant.now().plus(Duration.ofMinutes(request.minutesToExpire() == null ? 43200 : request.minutesToExpire()))));
            return new CreatedSession(id, url(id));
        });
    }

    public synchronized Uni<TokenExchange> exchangeCode(String code, String redirectUri) {
        return fault().orElse(() -> {
            String connectionId = codes.remove(code);
            if (connectionId == null) {
                throw new FinchException(400, "invalid_grant_error", null, "Invalid authorization code", "req-3",
                        null, null, null);
            }
            FakeConnection c = connections.get(connectionId);
            String token = "tok_" + UUID.randomUUID();
            tokens.put(token, connectionId);
            return new TokenExchange(token, "bearer", connectionId, "sandbox", "provider", List.of(), c.products(),
                    c.providerId(), c.accountId(), c.companyId(), c.customerId(), c.customerName());
        });
    }

    public synchronized Uni<Introspection> introspect(String accessToken) {
        return fault().orElse(() -> {
            String connectionId = tokens.get(accessToken);
            if (connectionId == null) {
                throw new FinchException(401, "unauthorized_request_error", null, "Bad token", "req-4", null, null, null);
            }
            FakeConnection c = connections.get(connectionId);
            ConnectionStatus status = new ConnectionStatus("connected", null, Instant.parse("2025-01-01T00:00:00Z"));
            return new Introspection("tid_" + Math.abs(accessToken.hashCode()), "finch-sim-client", "sandbox",
                    connectionId, status, "provider", c.products(), c.providerId(), c.accountId(), c.companyId(),
                    c.customerId(), c.customerName(), null,
                    List.of(new AuthenticationMethod(c.authMethod(), status, c.products())), List.of(), false, null,
                    null);
        });
    }

    public Uni<Void> disconnect(String accessToken) {
        return Uni.createFrom().voidItem();
    }

    // ---- simulator controls (stub) ----

    public synchronized String complete(String sessionId, String providerId, String authMethod) {
        FakeSession s = sessionsById.get(sessionId);
        if (s == null) {
            return null;
        }
        String connectionId = s.connectionId();
        if (connectionId == null) {
            connectionId = UUID.randomUUID().toString();
            connections.put(connectionId, new FakeConnection(connectionId, s.customerId(), s.customerName(),
                    providerId == null ? "gusto" : providerId, authMethod == null ? "credential" : authMethod,
                    s.products(), UUID.randomUUID().toString(), UUID.randomUUID().toString()));
            sessionsById.put(sessionId, new FakeSession(sessionId, s.customerId(), s.customerName(), connectionId,
                    s.products(), s.expiresAt()));
        }
        String code = "code_" + UUID.randomUUID();
        codes.put(code, connectionId);
        return code;
    }

    public synchronized void addFault(int status, int count) {
        faults.add(new int[] { status, count });
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    private Fault fault() {
        if (faults.isEmpty()) {
            return new Fault(null);
        }
        int[] f = faults.get(0);
        if (--f[1] <= 0) {
            faults.remove(0);
        }
        FinchException e = f[0] == 429
                ? new FinchException(429, "rate_limit_exceeded_error", "finch_application_rl", "Rate limited", "req-9",
                        Duration.ofSeconds(2), null, null)
                : f[0] == 0
                        ? new FinchException(0, null, null, "Finch unreachable", null, null, null, null)
                        : new FinchException(f[0], "server_error", null, "Server error", "req-9", null, null, null);
        return new Fault(e);
    }

    private record Fault(FinchException error) {
        <T> Uni<T> orElse(java.util.function.Supplier<T> answer) {
            if (error != null) {
                return Uni.createFrom().failure(error);
            }
            try {
                return Uni.createFrom().item(answer.get());
            } catch (FinchException e) {
                return Uni.createFrom().failure(e);
            }
        }
    }

    private static String url(String sessionId) {
        return "http://localhost/finch-sim/authorize?session=" + sessionId;
    }
}
