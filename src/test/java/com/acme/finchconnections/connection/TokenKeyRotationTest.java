package com.acme.finchconnections.connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.finchconnections.common.crypto.SealedToken;
import com.acme.finchconnections.common.crypto.TokenCipher;
import com.acme.finchconnections.common.crypto.TokenEncryptionConfig;
import com.acme.finchconnections.session.ConnectFlows;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Key rotation: the service runs with the old key still configured and a new one active. Tokens sealed under the
 * old key keep working, new tokens use the new key, and re-sealing moves the old ones over.
 */
@QuarkusTest
@TestProfile(TokenKeyRotationTest.NewKeyActive.class)
class TokenKeyRotationTest {

    static final String OLD_KEY = "local-1:4T75Oj96Yf2r8TnfWvYWF91OYJmfcxA1DHOnmbeFOXE=";
    static final String NEW_KEY = "rotated-2:Lb+CvX8CVRkl0iDbFb9V8ciDj1TYOqAZ2nOrrKPwE3A=";

    public static class NewKeyActive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tokens.encryption.keys", OLD_KEY + "," + NEW_KEY,
                    "tokens.encryption.active-key-id", "rotated-2");
        }
    }

    @Inject
    PgPool database;

    @Inject
    TokenVault vault;

    @Test
    void tokenUnderTheOldKeyStillOpensAndIsResealedUnderTheNewOne() throws Throwable {
        String connectionId = "conn-" + UUID.randomUUID();
        String token = "legacy-token-" + UUID.randomUUID();
        insertConnection(connectionId);
        SealedToken underOldKey = cipher("local-1", OLD_KEY).seal(token);
        insertToken(connectionId, token, underOldKey);

        assertThat(currentToken(connectionId), equalTo(token));

        given().auth().oauth2(ConnectFlows.API_KEY).when().post("/api/v1/admin/tokens/reseal")
                .then().statusCode(200)
                .body("resealed", greaterThanOrEqualTo(1))
                .body("active_key_id", equalTo("rotated-2"));

        Row stored = storedToken(connectionId);
        byte[] ciphertext = stored.getBuffer("ciphertext").getBytes();
        assertThat(stored.getString("key_id"), equalTo("rotated-2"));
        assertThat(Arrays.equals(ciphertext, underOldKey.ciphertext()), equalTo(false));
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1), not(org.hamcrest.Matchers.containsString(token)));
        assertThat(currentToken(connectionId), equalTo(token));
        given().auth().oauth2(ConnectFlows.API_KEY).when().post("/api/v1/admin/tokens/reseal")
                .then().statusCode(200).body("resealed", equalTo(0));
    }

    @Test
    void newTokensAreSealedUnderTheActiveKey() {
        String connectionId = ConnectFlows.connectedCustomer(ConnectFlows.uniqueCustomer("rotation"));

        assertThat(storedToken(connectionId).getString("key_id"), equalTo("rotated-2"));
    }

    /** Leaves every token of the shared database under the key the other test classes run with. */
    @AfterAll
    static void resealEverythingBackUnderTheOldKey() throws Throwable {
        TokenVault restoring = new TokenVault(cipher("local-1", OLD_KEY, NEW_KEY), Clock.systemUTC());
        while (VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> restoring.resealBatch(500))) > 0) {
            // until nothing is left under the new key
        }
    }

    private String currentToken(String connectionId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> vault.currentToken(connectionId)))
                .orElseThrow();
    }

    private static TokenCipher cipher(String activeKeyId, String... keys) {
        return new TokenCipher(new TokenEncryptionConfig() {
            @Override
            public List<String> keys() {
                return List.of(keys);
            }

            @Override
            public String activeKeyId() {
                return activeKeyId;
            }
        });
    }

    private Row storedToken(String connectionId) {
        return database.preparedQuery("select key_id, ciphertext from access_token where connection_id = $1")
                .execute(Tuple.of(connectionId)).await().indefinitely().iterator().next();
    }

    private void insertConnection(String connectionId) {
        database.preparedQuery("""
                insert into connection (connection_id, customer_id, status, status_observed_at, status_updated_at,
                    created_at, updated_at)
                values ($1, $2, 'connected', $3, $3, $3, $3)""")
                .execute(Tuple.of(connectionId, "rotation-" + UUID.randomUUID(),
                        Instant.now().atOffset(ZoneOffset.UTC)))
                .await().indefinitely();
    }

    private void insertToken(String connectionId, String token, SealedToken sealed) {
        database.preparedQuery("""
                insert into access_token (token_id, connection_id, key_id, ciphertext, fingerprint, source, created_at)
                values ($1, $2, $3, $4, $5, 'migration', $6)""")
                .execute(Tuple.of(UUID.randomUUID(), connectionId, sealed.keyId(), Buffer.buffer(sealed.ciphertext()),
                        Buffer.buffer(TokenCipher.fingerprint(token)), Instant.now().atOffset(ZoneOffset.UTC)))
                .await().indefinitely();
    }
}
