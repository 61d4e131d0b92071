package com.acme.finchconnections.migration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.acme.finchconnections.common.auth.Caller;
import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;
import com.acme.finchconnections.common.problem.Problems;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

@Path(MigrationResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migration", description = "Giving legacy access tokens their connection_id through Finch's /introspect")
public class MigrationResource {

    static final String PATH = "/api/v1/migrations";
    static final String INTROSPECT_PATH = PATH + "/introspect";

    private final MigrationIntake intake;
    private final MigrationService migrations;
    private final Caller caller;

    public MigrationResource(MigrationIntake intake, MigrationService migrations, Caller caller) {
        this.intake = intake;
        this.migrations = migrations;
        this.caller = caller;
    }

    /** Blocking: the body is read as a stream on a worker thread, never buffered whole. */
    @POST
    @Path("/introspect")
    @Blocking
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Operation(summary = "Start a migration", description = "Introspects each legacy token in the background, upserts "
            + "its connection by connection_id and stores the token. No body (or {}) re-checks every stored token.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MigrationRequest.class)))
    @APIResponse(responseCode = "202", description = "Accepted; follow it at the Location",
            content = @Content(schema = @Schema(implementation = MigrationStarted.class)))
    public Uni<Response> start(InputStream body) throws IOException {
        String callerName = caller.name();
        return intake.start(body, callerName)
                .map(started -> Response.accepted(started)
                        .location(URI.create(PATH + "/" + started.migrationId()))
                        .build());
    }

    @GET
    @Path("/{migration_id}")
    @Operation(summary = "A migration's progress, result and first failures")
    public Uni<MigrationView> get(@PathParam("migration_id") String migrationId) {
        return migrations.get(parseId(migrationId));
    }

    @GET
    @Path("/{migration_id}/failures")
    @Operation(summary = "Every record of a migration that could not be migrated, by index")
    public Uni<Page<MigrationFailureView>> failures(@PathParam("migration_id") String migrationId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return migrations.failures(parseId(migrationId), PageRequest.of(limit, cursor));
    }

    @GET
    @Operation(summary = "Migrations, newest first")
    public Uni<Page<MigrationSummary>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return migrations.list(PageRequest.of(limit, cursor));
    }

    /** An id that is no UUID names no migration: 404, like any unknown id. */
    private static UUID parseId(String migrationId) {
        try {
            return UUID.fromString(migrationId);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Migration", migrationId);
        }
    }
}
