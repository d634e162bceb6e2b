package com.bikefleet.server.http;

/**
 * A token bucket kept in nanoseconds of credit, so the arithmetic is exact: one token costs
 * {@code costNanos}, the bucket holds {@code capacity} tokens and refills with elapsed time. Not
 * thread-safe; the owner serialises its calls.
 */
public final class TokenBucket {

    private final long costNanos;
    private final long capacityNanos;
    private long credit;
    private long lastRefill;

    /**
     * @param costNanos  nanoseconds of refill one token takes (a rate of N per second is 1e9 / N)
     * @param capacity   tokens the bucket holds; it starts full
     * @param nowNanos   the monotonic clock's reading now
     */
    public TokenBucket(long costNanos, int capacity, long nowNanos) {
        if (costNanos < 1 || capacity < 1) {
            throw new IllegalArgumentException("cost and capacity must be positive: " + costNanos + ", " + capacity);
        }
        this.costNanos = costNanos;
        this.capacityNanos = Math.multiplyExact(costNanos, capacity);
        this.credit = capacityNanos;
        this.lastRefill = nowNanos;
    }

    /** A bucket of {@code perMinute} tokens refilling at that many a minute. */
    public static TokenBucket perMinute(int perMinute, long nowNanos) {
        return new TokenBucket(60_000_000_000L / perMinute, perMinute, nowNanos);
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (credit >= costNanos) {
            credit -= costNanos;
            return true;
        }
        return false;
    }

    /** True when the bucket has refilled completely: nothing is lost by forgetting it. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return credit >= capacityNanos;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            credit = elapsed >= capacityNanos - credit ? capacityNanos : credit + elapsed;
            lastRefill = nowNanos;
        }
    }
}
