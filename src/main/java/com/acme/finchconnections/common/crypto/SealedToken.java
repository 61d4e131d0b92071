package com.acme.finchconnections.common.crypto;

/** An encrypted token as stored: the key that sealed it and {@code nonce || ciphertext || tag}. */
public record SealedToken(String keyId, byte[] ciphertext) {

    @Override
    public String toString() {
        return "SealedToken[keyId=" + keyId + "]";
    }
}
