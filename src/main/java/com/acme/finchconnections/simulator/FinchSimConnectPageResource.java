package com.acme.finchconnections.simulator;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;

/** The simulated Connect a person clicks through; {@code connect_url} points here. */
@Path("/finch-sim/authorize")
@IfBuildProfile(anyOf = { "dev", "test" })
public class FinchSimConnectPageResource {

    private final ConnectPages pages;
    private final Template connect;

    public FinchSimConnectPageResource(ConnectPages pages, @Location("simulator/connect.html") Template connect) {
        this.pages = pages;
        this.connect = connect;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> open(@QueryParam("session") String sessionId, @QueryParam("state") String state) {
        return pages.open(sessionId, state).chain(page -> connect.data("page", page).createUni());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> submit(@FormParam("session") String session, @FormParam("state") String state,
            @FormParam("step") String step, @FormParam("action") String action,
            @FormParam("provider") String provider, @FormParam("auth_method") String authMethod,
            @FormParam("pending_account_selection") boolean pendingAccountSelection,
            @FormParam("username") String username, @FormParam("password") String password,
            @FormParam("api_token") String apiToken, @FormParam("mfa_code") String mfaCode,
            @FormParam("account") String account) {
        ConnectPages.Form form = new ConnectPages.Form(session, state, step, action, provider, authMethod,
                pendingAccountSelection, username, password, apiToken, mfaCode, account);
        return pages.submit(form).chain(page -> page.redirectUrl() != null
                ? Uni.createFrom().item(Response.seeOther(URI.create(page.redirectUrl())).build())
                : connect.data("page", page).createUni().map(html -> Response.ok(html).build()));
    }
}
