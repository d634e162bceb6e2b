package com.bikefleet.hardware.gps;

import java.time.Duration;
import java.util.Random;

/**
 * Capped exponential backoff with jitter: the delay doubles from {@code initial} up to {@code max}, and
 * each wait is drawn between half and all of it so that a fleet of bikes does not retry in step.
 *
 * <p>Owned by the source's thread.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final Random random;
    private long currentNanos;

    public Backoff(Duration initial, Duration max, Random random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.currentNanos = initialNanos;
    }

    /** The next wait, which doubles the one after it (up to the cap). */
    public Duration next() {
        long ceiling = currentNanos;
        currentNanos = Math.min(maxNanos, currentNanos * 2);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    /** Back to the initial delay, after a success. */
    public void reset() {
        currentNanos = initialNanos;
    }
}
