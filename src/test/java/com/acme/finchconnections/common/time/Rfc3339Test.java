package com.acme.finchconnections.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(strings = { "2026-12-01T21:00:00Z", "2026-12-01T21:00:00.1Z", "2026-12-01T21:00:00.123456789Z",
            "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z",
            "2026-12-01T22:00:00+01:00", "2026-12-01T21:00:00.25-02:30", "2026-12-01t21:00:00z",
            // Instant.parse takes these two, so the fast path leaves them to it.
            "2026-12-01T24:00:00Z", "2026-12-01T21:00:00.Z" })
    void readsWhatInstantParseReads(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThrows(DateTimeParseException.class, () -> Rfc3339.parseInstant(text));
            return;
        }
        assertEquals(expected, Rfc3339.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "2026-12-01", "2026-13-01T21:00:00Z", "2026-02-30T21:00:00Z", "2026-12-01T21:60:00Z",
            "2026-12-01T21:00:00.1234567890Z", "2026-12-01 21:00:00Z",
            "2026-12-01T21:00:0xZ", "+2026-12-01T21:00:00Z", "2026-12-01T21:00:00" })
    void rejectsWhatInstantParseRejects(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(DateTimeParseException.class, () -> Rfc3339.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2016-12-31T23:59:60Z" })
    void leavesLeapSecondsToInstantParse(String text) {
        assertEquals(Instant.parse(text), Rfc3339.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-12-01T21:00:00.000000001Z", "2026-12-01T21:00:00.120Z" })
    void keepsEveryDigitOfTheFraction(String text) {
        assertEquals(Instant.parse(text).getNano(), Rfc3339.parseInstant(text).getNano());
    }
}
