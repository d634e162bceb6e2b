package com.bikefleet.server.ingest;

import java.time.Duration;

/**
 * How much one bike may send, so one broken or hostile client cannot take the store's capacity from the
 * rest of the fleet. Checked once at startup (the config reader reports out-of-range values with their line).
 *
 * @param maxFixesPerBatch     a larger {@code positions} batch is refused with 1008 and nothing of it stored
 * @param messagesPerSecond    frames per second one bike may send on average (token bucket refill rate)
 * @param burst                frames one bike may send at once above that rate (token bucket size)
 * @param rateLimitGrace       a bike still over its rate after this long is disconnected with 4004
 */
public record IngestLimits(int maxFixesPerBatch, int messagesPerSecond, int burst, Duration rateLimitGrace) {

    /**
     * Generous for a real agent: it sends a live fix per report interval (at most 10 a second), a status
     * now and then, and its backlog in batches of 500 with 4 in flight. 200 frames a second of 500 fixes
     * is 100,000 fixes a second, above what the whole server stored on the benchmark machine
     * (docs/performance-log.md), so draining a backlog stays below it. The burst covers a reconnect, when
     * hello, status, live fix and the first backlog batches come at once.
     */
    public static final IngestLimits DEFAULTS = new IngestLimits(1000, 200, 400, Duration.ofSeconds(5));

    public IngestLimits {
        if (maxFixesPerBatch < 1 || messagesPerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("ingest limits must be positive: " + maxFixesPerBatch + " fixes, "
                    + messagesPerSecond + "/s, burst " + burst);
        }
        if (rateLimitGrace.isNegative() || rateLimitGrace.isZero()) {
            throw new IllegalArgumentException("rate limit grace must be positive, was " + rateLimitGrace);
        }
    }
}
