package com.acme.finchconnections.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook's {@code Finch-Signature} the way Finch's SDKs do: HMAC-SHA256, keyed with the base64-decoded
 * secret, over {@code "{finch-event-id}.{finch-timestamp}.{raw body}"}; the header lists {@code <version>,<base64>}
 * entries separated by spaces, only {@code v1} entries count and any one matching is enough; the timestamp must
 * be an integer within the tolerance of our clock (the bound itself passes). Several secrets may be configured
 * while Finch rotates them.
 */
public final class WebhookSignature {

    /** The outcome, in the order the SDKs check: headers, timestamp, freshness, signature. */
    public enum Verdict {
        VALID, MISSING_HEADERS, MALFORMED_TIMESTAMP, TIMESTAMP_OUT_OF_RANGE, NO_MATCHING_SIGNATURE
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final String SECRET_PREFIX = "whsec_";
    private static final byte[] DOT = { '.' };

    private final List<SecretKeySpec> keys;
    private final long toleranceSeconds;
    private final Clock clock;
    /** A Mac is not thread-safe and costs a provider lookup to create: one per thread and secret, reused. */
    private final ThreadLocal<Mac[]> macs = ThreadLocal.withInitial(this::newMacs);

    private WebhookSignature(List<SecretKeySpec> keys, Duration tolerance, Clock clock) {
        this.keys = keys;
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = clock;
    }

    /**
     * @param secrets as Finch shows them: standard base64, optionally prefixed {@code whsec_}; blank entries are
     *        skipped. A malformed one fails here, naming its position only (never its value).
     */
    public static WebhookSignature of(List<String> secrets, Duration tolerance, Clock clock) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i).strip();
            if (secret.isEmpty()) {
                continue;
            }
            if (secret.startsWith(SECRET_PREFIX)) {
                secret = secret.substring(SECRET_PREFIX.length());
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("finch.webhook.secrets: entry " + (i + 1) + " is not base64");
            }
            if (key.length == 0) {
                throw new IllegalArgumentException("finch.webhook.secrets: entry " + (i + 1) + " is empty");
            }
            keys.add(new SecretKeySpec(key, ALGORITHM));
        }
        return new WebhookSignature(List.copyOf(keys), tolerance, clock);
    }

    public boolean hasSecrets() {
        return !keys.isEmpty();
    }

    /** Header values as received (null when absent); {@code body} exactly as received. */
    public Verdict verify(String eventId, String timestamp, String signatures, byte[] body) {
        if (isBlank(eventId) || isBlank(timestamp) || isBlank(signatures)) {
            return Verdict.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = timestampSeconds(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED_TIMESTAMP;
        }
        long now = clock.instant().getEpochSecond();
        if (now - seconds > toleranceSeconds || seconds - now > toleranceSeconds) {
            return Verdict.TIMESTAMP_OUT_OF_RANGE;
        }
        return matchesAny(eventId, seconds, signatures, body) ? Verdict.VALID : Verdict.NO_MATCHING_SIGNATURE;
    }

    /** The {@code finch-timestamp} header as Unix seconds; the signed content uses this integer. */
    public static long timestampSeconds(String header) {
        return Long.parseLong(header);
    }

    private boolean matchesAny(String eventId, long seconds, String signatures, byte[] body) {
        List<byte[]> candidates = v1Signatures(signatures);
        if (candidates.isEmpty()) {
            return false;
        }
        byte[] eventIdBytes = eventId.getBytes(StandardCharsets.UTF_8);
        byte[] timestampBytes = Long.toString(seconds).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (Mac mac : macs.get()) {
            mac.update(eventIdBytes);
            mac.update(DOT);
            mac.update(timestampBytes);
            mac.update(DOT);
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            for (byte[] candidate : candidates) {
                // Constant time, so the comparison leaks nothing about how much of a forged signature was right.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched;
    }

    /** The base64 text of each {@code v1,<signature>} entry; other versions and unversioned entries are ignored. */
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> found = new ArrayList<>(2);
        for (String entry : header.split(" ")) {
            if (entry.startsWith("v1,") && entry.length() > 3) {
                found.add(entry.substring(3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return found;
    }

    private Mac[] newMacs() {
        Mac[] created = new Mac[keys.size()];
        try {
            for (int i = 0; i < created.length; i++) {
                created[i] = Mac.getInstance(ALGORITHM);
                created[i].init(keys.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return created;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
