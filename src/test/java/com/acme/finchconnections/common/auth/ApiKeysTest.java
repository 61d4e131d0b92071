package com.acme.finchconnections.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** How {@code API_KEYS} entries are read: a malformed one is refused with its caller's name, never its value. */
class ApiKeysTest {

    private static final String DEV_KEY_HASH = "79ff0a6d";

    @Test
    void aKeyResolvesToItsCaller() {
        String hash = java.util.HexFormat.of().formatHex(ApiKeys.sha256("fc_dev_local_api_key"));
        ApiKeys keys = new ApiKeys(config("local-dev:" + hash));

        assertEquals(Optional.of("local-dev"), keys.callerFor("fc_dev_local_api_key"));
        assertEquals(Optional.empty(), keys.callerFor("another key"));
        assertEquals(DEV_KEY_HASH, hash.substring(0, 8));
    }

    @Test
    void anEntryThatIsNotASha256HexDigestIsRefusedWithItsCallerName() {
        for (String digest : List.of("abc", "zz".repeat(32), "ab".repeat(31))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new ApiKeys(config("bench:" + digest)));
            assertEquals("api.keys entry bench is not a SHA-256 hex digest (64 hex characters)", refused.getMessage());
        }
    }

    private static ApiKeyConfig config(String... entries) {
        return () -> Optional.of(List.of(entries));
    }
}
