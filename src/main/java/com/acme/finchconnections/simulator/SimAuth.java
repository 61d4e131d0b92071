package com.acme.finchconnections.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Finch's authentication rules: Basic with the application's credentials for Connect sessions and sandbox
 * creation, credentials in the body for {@code /auth/token}, a Bearer access token for everything about one
 * connection. A token that was disconnected no longer authenticates.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test" })
public class SimAuth {

    private final SimulatorConfig config;
    private final ConnectionStore connections;
    private final Pool database;

    public SimAuth(SimulatorConfig config, ConnectionStore connections, Pool database) {
        this.config = config;
        this.connections = connections;
        this.database = database;
    }

    void requireBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw FinchSimError.missingAuthorization("Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw FinchSimError.invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw FinchSimError.invalidClient();
        }
        requireClient(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    void requireClient(String clientId, String clientSecret) {
        if (!same(clientId, config.clientId()) | !same(clientSecret, config.clientSecret())) {
            throw FinchSimError.invalidClient();
        }
    }

    /** The connection behind the Bearer token, whatever its status. */
    Uni<ConnectionStore.TokenOwner> bearer(String authorization) {
        String token = bearerToken(authorization);
        return connections.findByToken(database, token)
                .onItem().ifNull().failWith(FinchSimError::invalidToken);
    }

    /** As {@link #bearer} for calls that read the employer's data: refused while the connection is unhealthy. */
    Uni<ConnectionStore.TokenOwner> bearerForData(String authorization) {
        return bearer(authorization).invoke(owner -> requireHealthy(owner.connection()));
    }

    static void requireHealthy(SimConnection connection) {
        switch (connection.status()) {
            case "reauth", "error_reauth" -> throw FinchSimError.reauthenticateUser();
            case "error_no_account_setup" -> throw FinchSimError.accountSetupRequired();
            case "error_permissions" -> throw FinchSimError.insufficientPermissions();
            default -> {
            }
        }
    }

    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw FinchSimError.missingAuthorization("Bearer");
        }
        return authorization.substring(7).trim();
    }

    String clientId() {
        return config.clientId();
    }

    private static boolean same(String given, String expected) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
