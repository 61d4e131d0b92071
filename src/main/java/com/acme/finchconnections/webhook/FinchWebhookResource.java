package com.acme.finchconnections.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Finch's webhook deliveries. Public (outside /api): the signature is the only credential. The body is the raw
 * bytes {@link WebhookBodyLimit} already read (capped) before this resource runs: the signature covers exactly
 * those bytes, so no JAX-RS body reader gets to decode or re-read them.
 */
@Path(FinchWebhookResource.PATH)
@Tag(name = "Finch webhooks")
public class FinchWebhookResource {

    public static final String PATH = "/webhooks/finch";

    private final WebhookIngestion ingestion;

    public FinchWebhookResource(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirements
    @Operation(summary = "Receive a Finch webhook",
            description = "Verifies Finch's signature and publishes the event on finch.webhooks.v1. Answers 200 only "
                    + "after the broker acknowledged it; the same Finch-Event-Id again is accepted again (the "
                    + "consumer applies it once).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "Finch's event, kept byte for byte")))
    @APIResponse(responseCode = "200", description = "Durably accepted (on the broker)")
    @APIResponse(responseCode = "400", description = "The body is not a JSON object")
    @APIResponse(responseCode = "401", description = "Missing or invalid signature, or timestamp beyond ±300 s")
    @APIResponse(responseCode = "413", description = "The body is over finch.webhook.max-body-size")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; Finch retries")
    public Uni<RestResponse<Void>> receive(
            @Parameter(description = "Finch's event id (msg_…)") @RestHeader("Finch-Event-Id") String eventId,
            @Parameter(description = "Unix seconds") @RestHeader("Finch-Timestamp") String timestamp,
            @Parameter(description = "Space-separated v1,<base64> entries") @RestHeader("Finch-Signature") String signature,
            RoutingContext routing) {
        return ingestion.accept(new WebhookDelivery(eventId, timestamp, signature, WebhookBodyLimit.body(routing)))
                .replaceWith(RestResponse.ok());
    }
}
