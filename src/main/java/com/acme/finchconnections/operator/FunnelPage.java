package com.acme.finchconnections.operator;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import com.acme.finchconnections.analytics.AnalyticsService;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** The authentication funnel for a time window and provider, from the analytics service the API uses. */
@Path("/funnel")
@OperatorPage
@Produces(MediaType.TEXT_HTML)
public class FunnelPage {

    @CheckedTemplate(basePath = "operator")
    static class Templates {
        static native TemplateInstance funnel(OperatorHeader header, FunnelChart chart);
    }

    private final AnalyticsService analytics;

    public FunnelPage(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    public Uni<String> funnel(RoutingContext routing, @RestQuery String from, @RestQuery String to,
            @RestQuery("provider_id") String providerId) {
        OperatorHeader header = OperatorHeader.of(OperatorAuthFilter.current(routing), "funnel");
        return analytics.funnel(FunnelChart.windowStart(from), FunnelChart.windowEnd(to), providerId)
                .map(FunnelChart::of)
                .chain(chart -> Templates.funnel(header, chart).createUni());
    }
}
