package com.acme.finchconnections.connection;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.acme.finchconnections.common.auth.Caller;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
public class TokenAdminResource {

    private static final Logger LOG = Logger.getLogger(TokenAdminResource.class);

    private final TokenResealer resealer;
    private final Caller caller;

    public TokenAdminResource(TokenResealer resealer, Caller caller) {
        this.resealer = resealer;
        this.caller = caller;
    }

    @POST
    @Path("/reseal")
    @Operation(summary = "Re-seal every stored access token under the active encryption key (after a key rotation)")
    public Uni<TokenResealer.Resealed> reseal() {
        LOG.infof("Token re-seal requested by %s", caller.name());
        return resealer.resealAll();
    }
}
