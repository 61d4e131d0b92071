package com.acme.finchconnections.common.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * Requests no route matched (outside any JAX-RS resource) get a problem body instead of Vert.x's plain or HTML
 * 404 page. Registered last so every real route, static file and /q endpoint is tried first.
 */
@Singleton
public class UnmatchedRoutes {

    void register(@Observes Router router) {
        router.route().last().handler(context -> context.response()
                .setStatusCode(404)
                .putHeader("Content-Type", ProblemResponses.MEDIA_TYPE)
                .end(Json.encode(ProblemResponses.body(404, Problems.type("not-found"), "Not Found",
                        "No resource at this path", java.util.Map.of()))));
    }
}
