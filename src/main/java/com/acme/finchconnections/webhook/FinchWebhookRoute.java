package com.acme.finchconnections.webhook;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.acme.finchconnections.common.problem.ProblemException;
import com.acme.finchconnections.common.problem.ProblemResponses;
import com.acme.finchconnections.common.problem.Problems;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/finch}, Finch's webhook deliveries. Public (outside /api): the signature is the only
 * credential. A plain Vert.x route rather than a JAX-RS resource because it is the service's hottest path and
 * needs none of what RESTEasy adds per request (content negotiation, body readers, CDI request context, context
 * propagation, the exception-mapper chain): the body is the raw bytes {@link WebhookBodyLimit} read (capped)
 * on the same route, the three signing headers are read as they are, and the answer is an empty 200 or a
 * problem. OpenAPI describes it from {@code META-INF/openapi.yaml}.
 */
@Singleton
public class FinchWebhookRoute {

    public static final String PATH = "/webhooks/finch";

    private static final Logger LOG = Logger.getLogger(FinchWebhookRoute.class);

    private final WebhookBodyLimit bodyLimit;
    private final WebhookIngestion ingestion;

    public FinchWebhookRoute(WebhookBodyLimit bodyLimit, WebhookIngestion ingestion) {
        this.bodyLimit = bodyLimit;
        this.ingestion = ingestion;
    }

    void register(@Observes Router router) {
        router.post(PATH)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(bodyLimit.bodyHandler())
                .handler(this::receive)
                .failureHandler(bodyLimit::refuseTooLarge);
        // Any other method: the 405 RESTEasy answered while this was a resource, not the catch-all 404.
        router.route(PATH)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(routing -> write(routing.response().putHeader(HttpHeaders.ALLOW, "POST"),
                        new ProblemException(405, Problems.type("method-not-allowed"), "Method Not Allowed",
                                "This path does not accept that method")));
    }

    private void receive(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        WebhookDelivery delivery = new WebhookDelivery(request.getHeader("Finch-Event-Id"),
                request.getHeader("Finch-Timestamp"), request.getHeader("Finch-Signature"),
                WebhookBodyLimit.body(routing));
        // The broker acknowledges on the producer's I/O thread: answer from the request's own event loop.
        Context context = Vertx.currentContext();
        ingestion.accept(delivery)
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .subscribe().with(
                        accepted -> routing.response().setStatusCode(200).end(),
                        failure -> refuse(routing.response(), failure));
    }

    /** The same problem+json the API's exception mappers write (ProblemMappers), for this route's outcomes. */
    private static void refuse(HttpServerResponse response, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            if (problem.status() >= 500) {
                LOG.warnf("%s: %s", problem.type(), problem.getMessage());
            }
            write(response, problem);
            return;
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected error, reference %s", reference);
        write(response, new ProblemException(500, Problems.type("internal-error"), "Internal error",
                "The request could not be completed; reference " + reference));
    }

    private static void write(HttpServerResponse response, ProblemException problem) {
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE);
        problem.headers().forEach(response::putHeader);
        response.end(Json.encode(ProblemResponses.body(problem.status(), problem.type(), problem.title(),
                problem.getMessage(), problem.members())));
    }
}
