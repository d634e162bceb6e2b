package com.bikefleet.server.ingest;

import static com.bikefleet.server.ingest.RateLimiter.Verdict.ACCEPT;
import static com.bikefleet.server.ingest.RateLimiter.Verdict.DISCONNECT;
import static com.bikefleet.server.ingest.RateLimiter.Verdict.REFUSE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket on a hand-driven clock. */
class RateLimiterTest {

    private long now = 1_000_000_000L;
    private final RateLimiter limiter =
            new RateLimiter(new IngestLimits(1000, 10, 3, Duration.ofSeconds(2)), () -> now);

    private void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    @Test
    void aBurstIsAllowedThenTheRate() {
        assertEquals(ACCEPT, limiter.acquire());
        assertEquals(ACCEPT, limiter.acquire());
        assertEquals(ACCEPT, limiter.acquire());
        assertEquals(REFUSE, limiter.acquire());
        advanceMillis(100); // 10 per second: one more token
        assertEquals(ACCEPT, limiter.acquire());
        assertEquals(REFUSE, limiter.acquire());
    }

    @Test
    void theBucketRefillsOnlyUpToTheBurst() {
        advanceMillis(60_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(ACCEPT, limiter.acquire());
        }
        assertEquals(REFUSE, limiter.acquire());
    }

    @Test
    void aBikeThatKeepsExceedingIsDisconnectedAfterTheGrace() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        // Twice the allowed rate: every other message is refused, and the refusals never stop.
        RateLimiter.Verdict last = null;
        int elapsed = 0;
        while (elapsed < 1950) {
            advanceMillis(50);
            elapsed += 50;
            last = limiter.acquire();
            assertEquals(elapsed % 100 == 0 ? ACCEPT : REFUSE, last, "at " + elapsed + " ms");
        }
        advanceMillis(50);
        assertEquals(ACCEPT, limiter.acquire());
        advanceMillis(50);
        assertEquals(DISCONNECT, limiter.acquire(), "2 s after the first refusal");
    }

    @Test
    void aQuietSpellStartsANewEpisode() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire(); // the fourth is refused: the episode starts
        }
        advanceMillis(1500); // over a second without a refusal; the bucket is full again
        for (int i = 0; i < 3; i++) {
            assertEquals(ACCEPT, limiter.acquire());
        }
        assertEquals(REFUSE, limiter.acquire());
        advanceMillis(600);
        // 2.1 s after the first refusal, but only 0.6 s into this episode
        for (int i = 0; i < 6; i++) {
            limiter.acquire();
        }
        assertEquals(REFUSE, limiter.acquire());
    }
}
