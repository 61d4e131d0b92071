package com.acme.finchconnections.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * Resolves a presented API key to the caller's name by comparing SHA-256 hashes in constant time. Created at start,
 * so a malformed {@code API_KEYS} stops the service there instead of failing every API request.
 */
@Startup
@Singleton
public class ApiKeys {

    private final Map<String, byte[]> hashesByCaller = new LinkedHashMap<>();

    public ApiKeys(ApiKeyConfig config) {
        for (String entry : config.keys().orElse(List.of())) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("api.keys entries must be name:sha256hex");
            }
            String caller = trimmed.substring(0, colon);
            byte[] hash = sha256Hex(caller, trimmed.substring(colon + 1).trim());
            hashesByCaller.put(caller, hash);
        }
    }

    private static byte[] sha256Hex(String caller, String hex) {
        IllegalArgumentException notADigest = new IllegalArgumentException(
                "api.keys entry " + caller + " is not a SHA-256 hex digest (64 hex characters)");
        if (hex.length() != 64) {
            throw notADigest;
        }
        try {
            return HexFormat.of().parseHex(hex.toLowerCase());
        } catch (IllegalArgumentException e) {
            throw notADigest;
        }
    }

    /** The caller owning this key, if any. Every configured hash is compared so timing reveals nothing. */
    public Optional<String> callerFor(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        String match = null;
        for (Map.Entry<String, byte[]> candidate : hashesByCaller.entrySet()) {
            if (MessageDigest.isEqual(presented, candidate.getValue())) {
                match = candidate.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
