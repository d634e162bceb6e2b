package com.bikefleet.server.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Whether a bike's handshake is taken now or deferred with {@code 503 Service Unavailable} and a
 * {@code Retry-After}: while the store's live writes are behind by {@link #DEFER_FROM} or more, a newly
 * connected bike would add to a load the store does not take, be refused with 4103 moments later and
 * send it again. Refusing it before the WebSocket opens costs one HTTP response instead, and bikes
 * already connected keep their share of the store. The delay is drawn at random from a window so deferred
 * bikes come back spread out, not together. Thread-safe: called on Grizzly's network threads.
 *
 * <p>Behind is the store's lag (the oldest waiting live write's age, or the time its committer needs for the
 * live writes waiting), not how many writes wait: thousands of waiting writes are a few milliseconds of work
 * for a committer that keeps up, and deferring on them turned bikes away from a store that was not overloaded
 * (docs/performance-log.md, "Store at ten times the seed rate"). Backlog writes do not count: a bike with a
 * backlog still connects, its live fixes are stored first, and its backlog waits its turn or is refused (4103).
 */
public final class HandshakeAdmission {

    /** Retry-After is whole seconds (RFC 9110); the agent adds its own sub-second jitter. */
    static final int MIN_RETRY_SECONDS = 2;
    static final int MAX_RETRY_SECONDS = 10;

    /**
     * The store's live lag from which new bikes are deferred: well above a commit's usual few milliseconds and
     * the disk's usual fsync tail, and reached before a live lane of the default 10,000 writes is full at the
     * ten-times rate (about a second of writes), so new bikes are deferred before connected ones are pushed back.
     */
    public static final Duration DEFER_FROM = Duration.ofMillis(500);

    private final LongSupplier lagNanos;
    private final long deferFromNanos;
    private final RandomGenerator random;
    private final AtomicLong deferred = new AtomicLong();

    /**
     * @param lagNanos  how far behind the store's live writes are, in nanoseconds (FixStore#liveLagNanos)
     * @param deferFrom from this lag on, new bikes are deferred
     * @param random    must be safe for concurrent use
     */
    public HandshakeAdmission(LongSupplier lagNanos, Duration deferFrom, RandomGenerator random) {
        if (deferFrom.isNegative() || deferFrom.isZero()) {
            throw new IllegalArgumentException("deferFrom must be positive, got " + deferFrom);
        }
        this.lagNanos = lagNanos;
        this.deferFromNanos = deferFrom.toNanos();
        this.random = random;
    }

    /** Null when the bike may connect now, otherwise the seconds it should wait before trying again. */
    Integer deferral() {
        if (lagNanos.getAsLong() < deferFromNanos) {
            return null;
        }
        deferred.incrementAndGet();
        return random.nextInt(MIN_RETRY_SECONDS, MAX_RETRY_SECONDS + 1);
    }

    /** Handshakes deferred since start, for /metrics. */
    public long deferred() {
        return deferred.get();
    }
}
