package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast reading of UTC times gives exactly what Instant.parse gives, and refuses what it refuses. */
class UtcTimesTest {

    @Test
    void agreesWithInstantParseOnRandomTimesInEveryFractionLength() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String full = instant.toString();
            String whole = full.substring(0, 19);
            for (int digits = 0; digits <= 9; digits++) {
                String text = digits == 0 ? whole + "Z"
                        : whole + "." + String.format("%09d", instant.getNano()).substring(0, digits) + "Z";
                assertEquals(Instant.parse(text), UtcTimes.parse(text), text);
            }
        }
    }

    @Test
    void agreesWithInstantParseOnTheEdges() {
        for (String text : List.of("2024-02-29T23:59:59Z", "2000-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2016-12-31T23:59:60Z",
                "+10000-01-01T00:00:00Z", "2024-05-01T10:15:30.1Z", "2024-05-01T24:00:00Z", "2024-05-01T10:15:30.Z")) {
            assertEquals(Instant.parse(text), UtcTimes.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("2023-02-29T10:00:00Z", "2024-04-31T10:00:00Z",
                "2024-05-01T10:60:00Z", "2024-05-01T10:15:30",
                "2024-05-01T10:15:30.1234567890Z", "2024-05-01 10:15:30Z", "2024-5-01T10:15:30Z",
                "2024-05-01T10:15:3xZ", "", "not a time", "2024-13-01T10:15:30Z", "2024-00-10T10:15:30Z")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> UtcTimes.parse(text), text);
        }
    }
}
