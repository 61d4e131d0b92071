package com.acme.finchconnections.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhooks exactly as Finch does (identical in all four official SDKs): HMAC-SHA256 keyed with the
 * base64-decoded secret over {@code "{event id}.{timestamp seconds}.{raw body}"}, standard base64 with padding,
 * sent as {@code v1,<signature>}; several space-separated entries while a secret rotates.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The signature alone (no {@code v1,}). */
    public static String sign(String secret, String eventId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signed = mac.doFinal((eventId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code Finch-Signature} header: one {@code v1,} entry per secret, newest first. */
    public static String header(List<String> secrets, String eventId, long timestamp, String body) {
        return secrets.stream()
                .map(secret -> "v1," + sign(secret, eventId, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    /** The HMAC key: the secret's base64-decoded bytes. No SDK strips {@code whsec_}; we do, to be lenient. */
    static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
