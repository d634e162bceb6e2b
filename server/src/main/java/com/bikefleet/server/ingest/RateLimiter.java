package com.bikefleet.server.ingest;

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

    // The bucket is kept in nanoseconds of credit (one message costs costNanos) so the arithmetic is exact.
    private final long costNanos;
    private final long capacityNanos;
    private final long graceNanos;
    // Refusals closer together than this are one episode of flooding. Two refill intervals, at least a
    // second, so a bike just over a low rate is not let off between refusals.
    private final long quietNanos;
    private final LongSupplier nanoTime;

    private long credit;
    private long lastRefill;
    private boolean exceeding;
    private long exceedingSince;
    private long lastRefusal;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}; a fake one in tests) */
    RateLimiter(IngestLimits limits, LongSupplier nanoTime) {
        this.costNanos = SECOND / limits.messagesPerSecond();
        this.capacityNanos = costNanos * limits.burst();
        this.graceNanos = limits.rateLimitGrace().toNanos();
        this.quietNanos = Math.max(SECOND, 2 * costNanos);
        this.nanoTime = nanoTime;
        this.credit = capacityNanos;
        this.lastRefill = nanoTime.getAsLong();
    }

    Verdict acquire() {
        long now = nanoTime.getAsLong();
        credit = Math.min(capacityNanos, credit + (now - lastRefill));
        lastRefill = now;
        if (credit >= costNanos) {
            credit -= costNanos;
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
