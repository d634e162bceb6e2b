package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line per bike per minute, with a count of what was left out; driven by a hand-set clock. */
class RejectionLogTest {

    /** A clock that moves only when told. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<String> lines = new ArrayList<>();
    private final RejectionLog log = new RejectionLog(clock, Duration.ofMinutes(1), lines::add);

    @Test
    void theFirstRejectionIsLoggedAndTheRestOfTheMinuteOnlyCounted() {
        log.rejected("bike-1", "1007 bad json");
        for (int i = 0; i < 500; i++) {
            clock.now = clock.now.plusMillis(100);
            log.rejected("bike-1", "4102 too fast");
        }
        assertEquals(List.of("Bike bike-1 input rejected: 1007 bad json"), lines);

        clock.now = Instant.parse("2026-05-01T10:01:00Z");
        log.rejected("bike-1", "4102 too fast");
        assertEquals("Bike bike-1 input rejected: 4102 too fast (and 500 more since 2026-05-01T10:00:00Z)",
                lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void bikesAreCountedSeparately() {
        log.rejected("bike-1", "1007 a");
        log.rejected("bike-2", "1007 b");
        log.rejected("bike-1", "1007 c");
        assertEquals(List.of("Bike bike-1 input rejected: 1007 a", "Bike bike-2 input rejected: 1007 b"), lines);
    }

    @Test
    void aBikeQuietForAMinuteIsLoggedAgainWithoutACount() {
        log.rejected("bike-1", "1007 a");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        log.rejected("bike-1", "1007 b");
        assertEquals(List.of("Bike bike-1 input rejected: 1007 a", "Bike bike-1 input rejected: 1007 b"), lines);
    }
}
