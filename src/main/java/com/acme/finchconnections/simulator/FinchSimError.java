package com.acme.finchconnections.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error the simulator answers the way Finch does: {@code {code, name, finch_code?, message}} plus, for some
 * errors, more members ({@code context}, {@code retry_at}, …). Names and codes are Finch's (FINCH-API.md).
 */
public class FinchSimError extends RuntimeException {

    private final int status;
    private final String name;
    private final String finchCode;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public FinchSimError(int status, String name, String finchCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.name = name;
        this.finchCode = finchCode;
    }

    public FinchSimError with(String member, Object value) {
        if (value != null) {
            extra.put(member, value);
        }
        return this;
    }

    public FinchSimError withHeader(String header, String value) {
        if (value != null) {
            headers.put(header, value);
        }
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body, members in Finch's order. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status);
        body.put("name", name);
        if (finchCode != null) {
            body.put("finch_code", finchCode);
        }
        body.put("message", getMessage());
        body.putAll(extra);
        return body;
    }

    /** The JAX-RS answer: Finch's JSON error body, not our problem+json. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body());
        headers.forEach(response::header);
        return response.build();
    }

    static FinchSimError invalidRequest(String message) {
        return new FinchSimError(400, "bad_request", "invalid_request", message);
    }

    static FinchSimError invalidGrant(String message) {
        return new FinchSimError(400, "invalid_grant_error", null, message);
    }

    static FinchSimError invalidClient() {
        return new FinchSimError(401, "invalid_client_error", null, "Invalid client credentials");
    }

    static FinchSimError missingAuthorization(String scheme) {
        return new FinchSimError(401, "unauthorized_request_error", null,
                "Missing " + scheme + " authorization header");
    }

    static FinchSimError invalidToken() {
        return new FinchSimError(401, "authentication_error", null, "The access token is invalid or was disconnected");
    }

    static FinchSimError reauthenticateUser() {
        return new FinchSimError(401, "authentication_error", "reauthenticate_user",
                "The employer must reauthenticate this connection");
    }

    static FinchSimError accountSetupRequired() {
        return new FinchSimError(401, "authentication_error", "account_setup_required",
                "The employer's account setup is not complete");
    }

    static FinchSimError insufficientPermissions() {
        return new FinchSimError(403, "error_permissions", "insufficient_account_permissions",
                "The connected account lacks the permissions for this data");
    }

    static FinchSimError notFound(String message) {
        return new FinchSimError(404, "not_found_error", "item_not_found", message);
    }
}
