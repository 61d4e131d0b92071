package com.acme.finchconnections.operator;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** {@code /login} and {@code /logout} of the operator page; an operator signs in by pasting an API key. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInPages {

    @CheckedTemplate(basePath = "operator")
    static class Templates {
        static native TemplateInstance login(String error, boolean enabled);
    }

    private final OperatorSessions sessions;

    public SignInPages(OperatorSessions sessions) {
        this.sessions = sessions;
    }

    @GET
    @Path("login")
    public String form() {
        return Templates.login(null, sessions.enabled()).render();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm("api_key") String apiKey) {
        return sessions.signIn(apiKey)
                .map(cookie -> Response.seeOther(URI.create("/")).cookie(cookie).build())
                .orElseGet(() -> Response.status(401).type(MediaType.TEXT_HTML)
                        .entity(Templates.login("That API key is not valid.", sessions.enabled()).render())
                        .build());
    }

    /** Needs the session's form token too: a cross-site form must not be able to sign an operator out. */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@RestCookie(OperatorSessions.COOKIE) String cookie, @RestForm("csrf") String csrf) {
        boolean valid = sessions.verify(cookie).map(session -> OperatorSessions.csrfMatches(session, csrf))
                .orElse(false);
        if (!valid) {
            return Response.seeOther(URI.create("/login")).build();
        }
        return Response.seeOther(URI.create("/login")).cookie(sessions.signedOut()).build();
    }
}
