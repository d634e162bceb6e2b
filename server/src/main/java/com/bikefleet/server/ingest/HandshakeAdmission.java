package com.bikefleet.server.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * Whether a bike's handshake is taken now or deferred with {@code 503 Service Unavailable} and a
 * {@code Retry-After}: while the store has a lane's worth of writes waiting, a newly connected bike would
 * bring a backlog the store cannot take, be pushed back with 1013 moments later and come back with more.
 * Refusing it before the WebSocket opens costs one HTTP response instead, and bikes already connected keep
 * their share of the store. The delay is drawn at random from a window so deferred bikes come back spread
 * out, not together. Thread-safe: called on Grizzly's network threads.
 */
public final class HandshakeAdmission {

    /** Retry-After is whole seconds (RFC 9110); the agent adds its own sub-second jitter. */
    static final int MIN_RETRY_SECONDS = 2;
    static final int MAX_RETRY_SECONDS = 10;

    private final IntSupplier queuedWrites;
    private final int busyAt;
    private final RandomGenerator random;
    private final AtomicLong deferred = new AtomicLong();

    /**
     * @param queuedWrites writes accepted by the store and not yet committed
     * @param busyAt       from this many queued writes on, new bikes are deferred
     * @param random       must be safe for concurrent use
     */
    public HandshakeAdmission(IntSupplier queuedWrites, int busyAt, RandomGenerator random) {
        if (busyAt < 1) {
            throw new IllegalArgumentException("busyAt must be at least 1, got " + busyAt);
        }
        this.queuedWrites = queuedWrites;
        this.busyAt = busyAt;
        this.random = random;
    }

    /** Null when the bike may connect now, otherwise the seconds it should wait before trying again. */
    Integer deferral() {
        if (queuedWrites.getAsInt() < busyAt) {
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
