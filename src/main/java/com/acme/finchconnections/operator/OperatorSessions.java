package com.acme.finchconnections.operator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import com.acme.finchconnections.common.auth.ApiKeys;

/**
 * Signs operators in with an API key and keeps them signed in with a cookie {@code caller|expiry|mac}: an HMAC
 * over the caller name and expiry, so the cookie never holds the key and cannot be forged or extended.
 */
@ApplicationScoped
public class OperatorSessions {

    public static final String COOKIE = "fc_operator";

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final ApiKeys apiKeys;
    private final OperatorConfig config;
    private final Clock clock;

    public OperatorSessions(ApiKeys apiKeys, OperatorConfig config, Clock clock) {
        this.apiKeys = apiKeys;
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.sessionSecret().filter(secret -> !secret.isBlank()).isPresent();
    }

    /** The cookie starting a session for the owner of {@code apiKey}; empty for an unknown key. */
    public Optional<NewCookie> signIn(String apiKey) {
        if (!enabled() || apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        return apiKeys.callerFor(apiKey.trim()).map(caller -> {
            long expiry = clock.instant().plus(config.sessionTtl()).getEpochSecond();
            String payload = encode(caller) + "|" + expiry;
            return cookie(payload + "|" + mac("session|" + payload), (int) config.sessionTtl().toSeconds());
        });
    }

    public NewCookie signedOut() {
        return cookie("", 0);
    }

    /** The session a cookie proves, if it is intact and unexpired. */
    public Optional<OperatorSession> verify(String cookie) {
        if (!enabled() || cookie == null) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\|", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String payload = parts[0] + "|" + parts[1];
        if (!MessageDigest.isEqual(mac("session|" + payload).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            String caller = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            return Optional.of(new OperatorSession(caller, expiresAt, mac("csrf|" + payload)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a form's token belongs to this session (constant-time). */
    public static boolean csrfMatches(OperatorSession session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private NewCookie cookie(String value, int maxAgeSeconds) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAgeSeconds)
                .build();
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.sessionSecret().orElseThrow().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return BASE64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String caller) {
        return BASE64.encodeToString(caller.getBytes(StandardCharsets.UTF_8));
    }
}
