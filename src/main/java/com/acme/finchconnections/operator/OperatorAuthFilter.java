package com.acme.finchconnections.operator;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.acme.finchconnections.common.auth.ApiKeyFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * Operator pages need a valid session cookie; without one the browser is sent to {@code /login}. The operator's
 * caller name goes where the API-key filter puts an API caller's, so audit records and the access log name them.
 */
public class OperatorAuthFilter {

    /** Routing-context key of the current {@link OperatorSession}. */
    public static final String SESSION = "operator-session";

    private final OperatorSessions sessions;

    public OperatorAuthFilter(OperatorSessions sessions) {
        this.sessions = sessions;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource,
            RoutingContext routing) {
        if (resource.getResourceClass() == null || !resource.getResourceClass().isAnnotationPresent(OperatorPage.class)) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(OperatorSessions.COOKIE);
        Optional<OperatorSession> session = sessions.verify(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            return Optional.of(Response.seeOther(URI.create("/login")).build());
        }
        routing.put(SESSION, session.get());
        routing.put(ApiKeyFilter.CALLER, session.get().caller());
        return Optional.empty();
    }

    public static OperatorSession current(RoutingContext routing) {
        return routing.get(SESSION);
    }
}
