package com.acme.finchconnections.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import com.acme.finchconnections.common.auth.ApiKeys;

/**
 * AES-256-GCM for access tokens at rest. Each sealed value names its key, so keys rotate by adding a new key,
 * making it active, and keeping the old one until every row was re-sealed; the key id is bound as associated
 * data, so a ciphertext cannot be passed off under another key's name.
 */
@Singleton
public class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(TokenEncryptionConfig config) {
        for (String entry : config.keys()) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("tokens.encryption.keys entries must be key-id:base64");
            }
            String keyId = trimmed.substring(0, colon);
            byte[] material = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
            if (material.length != 32) {
                throw new IllegalArgumentException("token encryption key " + keyId + " must be 32 bytes");
            }
            keys.put(keyId, new SecretKeySpec(material, "AES"));
        }
        if (!keys.containsKey(config.activeKeyId())) {
            throw new IllegalArgumentException("tokens.encryption.active-key-id names no configured key");
        }
        this.activeKeyId = config.activeKeyId();
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public SealedToken seal(String token) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, activeKeyId, nonce);
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return new SealedToken(activeKeyId, ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    public String open(SealedToken sealed) {
        byte[] data = sealed.ciphertext();
        byte[] nonce = java.util.Arrays.copyOfRange(data, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, sealed.keyId(), nonce);
            byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // The message names the key id only: never the token or the key.
            throw new IllegalStateException("token under key " + sealed.keyId() + " could not be decrypted", e);
        }
    }

    /** True when this value should be re-sealed under the active key (rotation). */
    public boolean isStale(SealedToken sealed) {
        return !activeKeyId.equals(sealed.keyId());
    }

    /** A stable, non-reversible identifier of a token, to recognise one already stored without decrypting. */
    public static byte[] fingerprint(String token) {
        return ApiKeys.sha256(token);
    }

    private Cipher cipher(int mode, String keyId, byte[] nonce) throws GeneralSecurityException {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no token encryption key with id " + keyId + " is configured");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
