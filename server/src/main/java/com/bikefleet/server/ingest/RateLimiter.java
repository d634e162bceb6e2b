package com.bikefleet.server.ingest;

import com.bikefleet.server.http.TokenBucket;
import java.util.function.LongSupplier;

/**
 * One bike's message budget: a token bucket that refills at {@link IngestLimits#messagesPerSecond()} up to
 * {@link IngestLimits#burst()}. A bike refused again soon after its last refusal is still flooding; once
 * that has gone on for {@link IngestLimits#rateLimitGrace()} it is cut off, because dropping its messages
 * one by one would still cost a decode and an error frame each.
 *
 * <p>Only the thread delivering the connection's frames calls {@link #acquire()} (Tyrus hands one
 * session's frames over one at a time), so the fields need no lock.
 */
final class RateLimiter {

    /** What to do with one message. */
    enum Verdict { ACCEPT, REFUSE, DISCONNECT }

    private static final long SECOND = 1_000_000_000L;

    private final TokenBucket bucket;
    private final long graceNanos;
    // Refusals closer together than this are one episode of flooding. Two refill intervals, at least a
    // second, so a bike just over a low rate is not let off between refusals.
    private final long quietNanos;
    private final LongSupplier nanoTime;

    private boolean exceeding;
    private long exceedingSince;
    private long lastRefusal;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}; a fake one in tests) */
    RateLimiter(IngestLimits limits, LongSupplier nanoTime) {
        long costNanos = SECOND / limits.messagesPerSecond();
        this.bucket = new TokenBucket(costNanos, limits.burst(), nanoTime.getAsLong());
        this.graceNanos = limits.rateLimitGrace().toNanos();
        this.quietNanos = Math.max(SECOND, 2 * costNanos);
        this.nanoTime = nanoTime;
    }

    Verdict acquire() {
        long now = nanoTime.getAsLong();
        if (bucket.tryTake(now)) {
            return Verdict.ACCEPT;
        }
        if (!exceeding || now - lastRefusal > quietNanos) {
            exceeding = true;
            exceedingSince = now;
        }
        lastRefusal = now;
        return now - exceedingSince >= graceNanos ? Verdict.DISCONNECT : Verdict.REFUSE;
    }
}
