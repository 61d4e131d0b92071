package com.acme.finchconnections.testing;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource that exists only in tests, to exercise the cross-cutting HTTP behaviour on its own. */
@Path("/api/v1/_test/echo")
public class EchoResource {

    public record Nested(@NotBlank String provider) {
    }

    public record EchoRequest(@NotBlank @Size(max = 10) String customerId,
            @NotEmpty List<@NotBlank String> products, @Valid Nested integration) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EchoRequest echo(@Valid EchoRequest request) {
        return request;
    }
}
