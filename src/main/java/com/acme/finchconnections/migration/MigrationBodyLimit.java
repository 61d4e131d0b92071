package com.acme.finchconnections.migration;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.acme.finchconnections.common.problem.ProblemResponses;
import com.acme.finchconnections.common.problem.Problems;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A migration body may be as large as the global HTTP limit ({@code quarkus.http.limits.max-body-size}, 64M by
 * default: about 200,000 records of 300 bytes). A declared size above it is refused here, before Quarkus's own
 * limit handler (which answers an empty 413), so the caller gets a problem naming the limit. A chunked body that
 * grows past the limit is cut off by Quarkus with a bare 413.
 */
@Singleton
public class MigrationBodyLimit {

    /** Just before Quarkus's upload limit handler (order -2). */
    private static final int ORDER = -3;

    private final long maxBodySize;
    private final String problem;

    public MigrationBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.problem = Json.encode(ProblemResponses.body(413, Problems.type("payload-too-large"), "Payload too large",
                "A migration request may hold at most " + this.maxBodySize
                        + " bytes; split the records over several requests",
                Map.of("max_body_size", this.maxBodySize)));
    }

    void register(@Observes Router router) {
        router.post(MigrationResource.INTROSPECT_PATH).order(ORDER).handler(this::checkDeclaredSize);
    }

    private void checkDeclaredSize(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isAbove(declared)) {
            // The client may still be sending; closing is cheaper than draining a body we will not read.
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem);
            return;
        }
        context.next();
    }

    private boolean isAbove(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
