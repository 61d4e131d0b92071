package com.acme.finchconnections.analytics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import com.acme.finchconnections.common.paging.PageRequest;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
public class AnalyticsResource {

    private final AnalyticsService analytics;

    public AnalyticsResource(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("/auth-funnel")
    @Operation(summary = "Per Connect stage: sessions that reached it, dropped there, median seconds in it",
            description = "Sessions created in [from, to) (default: the last 30 days), optionally for one provider.")
    public Uni<AuthFunnel> funnel(@RestQuery String from, @RestQuery String to,
            @RestQuery("provider_id") String providerId) {
        return analytics.funnel(from, to, providerId);
    }

    @GET
    @Path("/billable-connections")
    @Operation(summary = "Connections connected at any time in a month (YYYY-MM, default the current month)")
    public Uni<BillableConnections> billable(@RestQuery String month, @RestQuery String limit,
            @RestQuery String cursor) {
        return analytics.billable(month, PageRequest.parse(limit, cursor));
    }
}
