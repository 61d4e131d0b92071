package com.acme.finchconnections.connection;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.acme.finchconnections.common.crypto.SealedToken;
import com.acme.finchconnections.common.crypto.TokenCipher;

import io.smallrye.mutiny.Uni;

/**
 * Keeps access tokens sealed at rest. The clear token is handed out only to make a Finch call and is never
 * returned by the API, logged, or put in an exception message.
 */
@ApplicationScoped
public class TokenVault {

    public static final String SOURCE_EXCHANGE = "exchange";
    public static final String SOURCE_REAUTHENTICATE = "reauthenticate";
    public static final String SOURCE_MIGRATION = "migration";

    private final TokenCipher cipher;
    private final Clock clock;

    public TokenVault(TokenCipher cipher, Clock clock) {
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Details Finch gave about a token, kept beside it for the token history. */
    public record TokenDetails(String finchTokenId, String providerId, String authMethod, String source) {
    }

    /**
     * Stores a token for a connection unless it is already held (same fingerprint), inside the caller's
     * transaction. A code exchange revokes the connection's older tokens (a new one replaces them); a migration
     * stores a token it doesn't hold yet and revokes nothing.
     */
    public Uni<AccessToken> store(String connectionId, String token, TokenDetails details, boolean revokeOthers) {
        byte[] fingerprint = TokenCipher.fingerprint(token);
        return AccessToken.<AccessToken>find("fingerprint", fingerprint).firstResult()
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(existing)
                        : insert(connectionId, token, fingerprint, details))
                .call(stored -> revokeOthers ? revokeAllBut(connectionId, stored.tokenId) : Uni.createFrom().voidItem());
    }

    /** Whether this exact token is already stored (for any connection). */
    public Uni<Boolean> holds(String token) {
        return AccessToken.count("fingerprint", TokenCipher.fingerprint(token)).map(count -> count > 0);
    }

    /** The connection's newest unrevoked token, in clear, to call Finch with. */
    public Uni<Optional<String>> currentToken(String connectionId) {
        return AccessToken.<AccessToken>find("connectionId = ?1 and revokedAt is null order by createdAt desc",
                connectionId).firstResult()
                .map(token -> Optional.ofNullable(token).map(this::open));
    }

    public String open(AccessToken token) {
        return cipher.open(new SealedToken(token.keyId, token.ciphertext));
    }

    /**
     * Re-seals up to {@code batchSize} tokens still under an old key with the active key (key rotation); returns
     * how many were re-sealed, so a caller can loop until zero. Runs inside the caller's transaction.
     */
    public Uni<Integer> resealBatch(int batchSize) {
        return AccessToken.<AccessToken>find("keyId <> ?1", cipher.activeKeyId()).page(0, batchSize).list()
                .map(tokens -> {
                    for (AccessToken token : tokens) {
                        SealedToken resealed = cipher.seal(open(token));
                        token.keyId = resealed.keyId();
                        token.ciphertext = resealed.ciphertext();
                    }
                    return tokens.size();
                });
    }

    private Uni<AccessToken> insert(String connectionId, String token, byte[] fingerprint, TokenDetails details) {
        SealedToken sealed = cipher.seal(token);
        AccessToken row = new AccessToken();
        row.tokenId = UUID.randomUUID();
        row.connectionId = connectionId;
        row.keyId = sealed.keyId();
        row.ciphertext = sealed.ciphertext();
        row.fingerprint = fingerprint;
        row.finchTokenId = details.finchTokenId();
        row.providerId = details.providerId();
        row.authMethod = details.authMethod();
        row.source = details.source();
        row.createdAt = Instant.now(clock);
        return row.persist();
    }

    private Uni<Void> revokeAllBut(String connectionId, UUID keep) {
        return AccessToken.update("revokedAt = ?1 where connectionId = ?2 and tokenId <> ?3 and revokedAt is null",
                Instant.now(clock), connectionId, keep).replaceWithVoid();
    }
}
