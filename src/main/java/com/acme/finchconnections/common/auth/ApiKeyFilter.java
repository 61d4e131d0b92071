package com.acme.finchconnections.common.auth;

import java.util.Optional;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.acme.finchconnections.common.problem.ProblemResponses;

import io.vertx.ext.web.RoutingContext;

/**
 * Every call under {@code /api/} needs {@code Authorization: Bearer <api key>}. The caller's name (never the
 * key) goes into the routing context for the access log and for audit records.
 */
public class ApiKeyFilter {

    /** Routing-context key holding the authenticated caller's name; the access log prints it. */
    public static final String CALLER = "api-caller";

    private final ApiKeys apiKeys;

    public ApiKeyFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request, RoutingContext routing) {
        String path = routing.normalizedPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return Optional.empty();
        }
        Optional<String> caller = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .flatMap(apiKeys::callerFor);
        if (caller.isEmpty()) {
            return Optional.of(Response.fromResponse(ProblemResponses.of(401, "unauthorized", "Unauthorized",
                    "A valid API key is required: Authorization: Bearer <api key>"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build());
        }
        routing.put(CALLER, caller.get());
        return Optional.empty();
    }

    static Optional<String> bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
