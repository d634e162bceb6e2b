package com.bikefleet.hardware.gps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapWithJitterBetweenHalfAndAll() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(3));
        long[] ceilings = {1, 2, 4, 8, 8, 8};
        for (long ceiling : ceilings) {
            Duration d = backoff.next();
            assertTrue(d.compareTo(Duration.ofMillis(ceiling * 500)) >= 0 && d.compareTo(Duration.ofSeconds(ceiling)) <= 0,
                    d + " for a ceiling of " + ceiling + " s");
        }
        backoff.reset();
        assertTrue(backoff.next().compareTo(Duration.ofSeconds(1)) <= 0);
    }

    @Test
    void rejectsImpossibleBounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
        assertEquals("need 0 < initial <= max, got PT2S and PT1S", e.getMessage());
    }
}
