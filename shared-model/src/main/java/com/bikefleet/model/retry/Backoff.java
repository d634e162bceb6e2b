package com.bikefleet.model.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays with exponential backoff and full jitter: the n-th retry waits a uniformly random time in
 * [0, min(cap, base * 2^n)), so a fleet that lost the server at the same moment does not come back at the
 * same moment. The one backoff of the project: the agent's link, the server's Redis link. Not thread-safe:
 * one instance per retrying thread.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts as one more failed attempt. */
    public Duration nextDelay() {
        long ceiling = ceilingMillis(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /**
     * The delay before the next attempt when the server said when to come back (HTTP 503 with
     * {@code Retry-After}): its delay, at most the cap, plus a random part up to the base, because the server
     * speaks in whole seconds and bikes told the same second should not return in the same millisecond. The
     * server's answer is not a failure of the link, so the exponential bound does not grow.
     */
    public Duration serverDelay(Duration asked) {
        long askedMillis = Math.max(0, Math.min(asked.toMillis(), cap.toMillis()));
        return Duration.ofMillis(askedMillis + random.nextLong(base.toMillis() + 1));
    }

    /** The upper bound of the delay for the given attempt number (from 0). */
    public long ceilingMillis(int n) {
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        // Shift no further than needed to pass the cap, so the multiplication cannot overflow.
        if (n >= 62 || baseMillis > (capMillis >> Math.min(n, 62))) {
            return capMillis;
        }
        return Math.min(capMillis, baseMillis << n);
    }

    /** Forget past failures: the next delay is drawn from [0, base] again. */
    public void reset() {
        attempt = 0;
    }

    public int attempt() {
        return attempt;
    }
}
