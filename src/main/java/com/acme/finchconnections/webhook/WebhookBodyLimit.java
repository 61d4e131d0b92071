package com.acme.finchconnections.webhook;

import java.util.Map;

import jakarta.inject.Singleton;

import com.acme.finchconnections.common.problem.ProblemResponses;
import com.acme.finchconnections.common.problem.Problems;
import com.acme.finchconnections.webhook.WebhookMetrics.Rejection;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Caps the webhook body before it is read into memory. The global HTTP limit is large (migration uploads), so this
 * route gets its own: a Vert.x body handler, first on {@link FinchWebhookRoute}, refuses a too-large Content-Length
 * up front and stops buffering a chunked body as soon as it passes the limit, both with a 413 problem.
 */
@Singleton
public class WebhookBodyLimit {

    private final long maxBodySize;
    private final WebhookMetrics metrics;
    private final String problem;

    public WebhookBodyLimit(WebhookConfig config, WebhookMetrics metrics) {
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.metrics = metrics;
        this.problem = Json.encode(ProblemResponses.body(413, Problems.type("payload-too-large"),
                "Payload too large", "The webhook body exceeds " + maxBodySize + " bytes",
                Map.of("max_body_size", maxBodySize)));
    }

    /** Reads the whole body (at most the limit) before the route's next handler runs. */
    BodyHandler bodyHandler() {
        return BodyHandler.create(false).setBodyLimit(maxBodySize);
    }

    /** The body read by this route's handler: the exact bytes received (empty when there were none). */
    static byte[] body(RoutingContext routing) {
        Buffer body = routing.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    /** The route's failure handler: answers the body handler's 413; anything else goes on to the default. */
    void refuseTooLarge(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        metrics.rejected(Rejection.TOO_LARGE);
        // The client may still be sending; closing is cheaper than draining a body we will not read.
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem);
    }
}
