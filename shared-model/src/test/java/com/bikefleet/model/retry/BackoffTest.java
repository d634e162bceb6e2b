package com.bikefleet.model.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), new Random(42));

    @Test
    void theCeilingDoublesFromTheBaseUntilTheCap() {
        assertEquals(1_000, backoff.ceilingMillis(0));
        assertEquals(2_000, backoff.ceilingMillis(1));
        assertEquals(64_000, backoff.ceilingMillis(6));
        assertEquals(120_000, backoff.ceilingMillis(7));
        assertEquals(120_000, backoff.ceilingMillis(5_000));
    }

    @Test
    void everyDelayIsDrawnBetweenZeroAndTheCeilingOfItsAttempt() {
        long max = 0;
        for (int attempt = 0; attempt < 200; attempt++) {
            long ceiling = backoff.ceilingMillis(backoff.attempt());
            long delay = backoff.nextDelay().toMillis();
            assertTrue(delay >= 0 && delay <= ceiling, "attempt " + attempt + ": " + delay + " > " + ceiling);
            max = Math.max(max, delay);
        }
        // Full jitter spreads delays over the whole range, so some come close to the cap.
        assertTrue(max > 100_000, "largest delay " + max);
    }

    @Test
    void aDelayTheServerAskedForIsKeptWithinTheCapPlusJitterAndDoesNotGrowTheBound() {
        for (int i = 0; i < 3; i++) {
            backoff.nextDelay();
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            long delay = backoff.serverDelay(Duration.ofSeconds(7)).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min >= 7_000 && max <= 8_000, min + ".." + max);
        // Spread over the jitter, not all in the same millisecond.
        assertTrue(max - min > 500, min + ".." + max);
        assertEquals(3, backoff.attempt());
        long capped = backoff.serverDelay(Duration.ofHours(1)).toMillis();
        assertTrue(capped >= 120_000 && capped <= 121_000, "capped " + capped);
    }

    @Test
    void resetStartsAgainFromTheBase() {
        for (int i = 0; i < 10; i++) {
            backoff.nextDelay();
        }
        backoff.reset();
        assertTrue(backoff.nextDelay().toMillis() <= 1_000);
    }

    @Test
    void twoAgentsHaveIndependentBackoff() {
        Backoff other = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(120), new Random(42));
        for (int i = 0; i < 5; i++) {
            backoff.nextDelay();
        }
        assertEquals(5, backoff.attempt());
        assertEquals(0, other.attempt());
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new Random()));
        assertTrue(e.getMessage().contains("base <= cap"), e.getMessage());
    }
}
