package com.acme.finchconnections.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Faults injected through {@code _sim}: make Finch's API answer an error (429 with {@code Retry-After}, 503…)
 * or answer slowly, for the next {@code count} matching requests. Matching is by path prefix (relative to
 * {@code /finch-sim}), optionally by method and by Bearer token, so a test can confine a fault to its own
 * connection. Kept in memory: faults are for the test that set them.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimFaults {

    /** {@code POST /_sim/faults}. {@code count} -1: until removed. {@code retry_after}: seconds or an HTTP date. */
    public record FaultRequest(String pathPrefix, String method, Integer status, String name, String finchCode,
            String message, JsonNode retryAfter, Long retryAfterMs, Long delayMs, Integer count, String accessToken) {
    }

    /** A fault in force. Only the token's hash is kept. */
    static final class Fault {
        final String id;
        final FaultRequest spec;
        final String tokenHash;
        final AtomicInteger remaining;
        final AtomicInteger hits = new AtomicInteger();

        Fault(String id, FaultRequest spec) {
            this.id = id;
            this.spec = spec;
            this.tokenHash = spec.accessToken() == null ? null : SimIds.hash(spec.accessToken());
            this.remaining = new AtomicInteger(spec.count() == null ? 1 : spec.count());
        }

        boolean matches(String method, String path, String bearerToken) {
            if (!path.startsWith(spec.pathPrefix())) {
                return false;
            }
            if (spec.method() != null && !spec.method().equalsIgnoreCase(method)) {
                return false;
            }
            return tokenHash == null || (bearerToken != null && tokenHash.equals(SimIds.hash(bearerToken)));
        }

        /** Takes one use; false when the fault is used up (concurrent requests never overdraw it). */
        boolean take() {
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                    hits.incrementAndGet();
                    return true;
                }
            }
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("fault_id", id);
            view.put("path_prefix", spec.pathPrefix());
            view.put("method", spec.method());
            view.put("status", spec.status());
            view.put("delay_ms", spec.delayMs());
            view.put("remaining", remaining.get());
            view.put("hits", hits.get());
            return view;
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    Fault add(FaultRequest request) {
        if (request.pathPrefix() == null || !request.pathPrefix().startsWith("/")) {
            throw FinchSimError.invalidRequest("path_prefix is required, e.g. /introspect");
        }
        if (request.status() == null && (request.delayMs() == null || request.delayMs() <= 0)) {
            throw FinchSimError.invalidRequest("a fault needs a status, a delay_ms, or both");
        }
        if (request.status() != null && (request.status() < 400 || request.status() > 599)) {
            throw FinchSimError.invalidRequest("status must be an HTTP error status (400-599)");
        }
        Fault fault = new Fault(SimIds.uuid(), request);
        faults.add(fault);
        return fault;
    }

    /** The first fault that matches and still has a use left; taking it uses it up. */
    Optional<Fault> take(String method, String path, String bearerToken) {
        for (Fault fault : faults) {
            if (fault.matches(method, path, bearerToken) && fault.take()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    Optional<Fault> find(String id) {
        return faults.stream().filter(fault -> fault.id.equals(id)).findFirst();
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> views = new ArrayList<>();
        faults.forEach(fault -> views.add(fault.view()));
        return views;
    }

    boolean remove(String id) {
        return faults.removeIf(fault -> fault.id.equals(id));
    }

    void clear() {
        faults.clear();
    }

    /** The error a fault answers with: Finch's body for that status unless the fault names its own. */
    static FinchSimError errorFor(FaultRequest spec) {
        int status = spec.status();
        String name = spec.name() != null ? spec.name() : defaultName(status);
        String finchCode = spec.finchCode() != null ? spec.finchCode()
                : status == 429 ? "finch_application_rl" : null;
        String message = spec.message() != null ? spec.message() : "Injected fault: " + name;
        FinchSimError error = new FinchSimError(status, name, finchCode, message);
        if (spec.retryAfter() != null && !spec.retryAfter().isNull()) {
            error.withHeader("Retry-After", spec.retryAfter().asText());
        }
        if (spec.retryAfterMs() != null) {
            error.withHeader("retry-after-ms", String.valueOf(spec.retryAfterMs()));
        }
        return error;
    }

    private static String defaultName(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "authentication_error";
            case 403 -> "error_permissions";
            case 404 -> "not_found_error";
            case 408 -> "client_connection_closed";
            case 429 -> "rate_limit_exceeded_error";
            case 502 -> "bad_gateway_error";
            default -> status >= 500 ? "server_error" : "bad_request";
        };
    }
}
