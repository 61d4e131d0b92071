package com.acme.finchconnections.connection;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.acme.finchconnections.common.paging.Page;
import com.acme.finchconnections.common.paging.PageRequest;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connections")
public class ConnectionResource {

    private final ConnectionService connections;

    public ConnectionResource(ConnectionService connections) {
        this.connections = connections;
    }

    @GET
    @Operation(summary = "List connections, newest first",
            description = "account_id and company_id also match the legacy ids a connection absorbed.")
    public Uni<Page<ConnectionSummary>> list(@RestQuery String status, @RestQuery("customer_id") String customerId,
            @RestQuery("customer_id_prefix") String customerIdPrefix, @RestQuery("provider_id") String providerId,
            @RestQuery("account_id") String accountId, @RestQuery("company_id") String companyId,
            @RestQuery String limit, @RestQuery String cursor) {
        ConnectionFilter filter = new ConnectionFilter(status, customerId, customerIdPrefix, providerId, accountId,
                companyId);
        return connections.list(filter, PageRequest.parse(limit, cursor));
    }

    @GET
    @Path("/{connection_id}")
    @Operation(summary = "A connection's overview: per-product status, sync times, legacy ids, token history")
    public Uni<ConnectionOverview> overview(@RestPath("connection_id") String connectionId) {
        return connections.overview(connectionId);
    }

    @GET
    @Path("/{connection_id}/events")
    @Operation(summary = "The connection's audit trail, newest first")
    public Uni<Page<ConnectionEventView>> events(@RestPath("connection_id") String connectionId,
            @RestQuery String limit, @RestQuery String cursor) {
        return connections.events(connectionId, PageRequest.parse(limit, cursor));
    }
}
