package com.acme.finchconnections.common.crypto;

import java.util.List;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tokens.encryption")
public interface TokenEncryptionConfig {

    /** Comma-separated {@code key-id:base64(32 bytes)} (env {@code TOKEN_ENCRYPTION_KEYS}). Secret. */
    List<String> keys();

    /** The key id new tokens are encrypted with (env {@code TOKEN_ENCRYPTION_ACTIVE_KEY_ID}). */
    String activeKeyId();
}
