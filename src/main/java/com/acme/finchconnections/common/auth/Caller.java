package com.acme.finchconnections.common.auth;

import jakarta.enterprise.context.RequestScoped;

import io.vertx.ext.web.RoutingContext;

/** The authenticated API caller's name, for audit records. */
@RequestScoped
public class Caller {

    private final RoutingContext routing;

    public Caller(RoutingContext routing) {
        this.routing = routing;
    }

    public String name() {
        String name = routing.get(ApiKeyFilter.CALLER);
        return name == null ? "anonymous" : name;
    }
}
