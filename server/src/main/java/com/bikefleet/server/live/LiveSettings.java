package com.bikefleet.server.live;

import java.time.Duration;

/**
 * Knobs of the live fan-out.
 *
 * @param batchInterval      how long updates gather before a listener's next frame
 * @param sendTimeout        a listener whose previous frame has not gone out after this long is closed (4003)
 * @param maxPendingUpdates  a listener with more coalesced updates waiting than this is closed (4003)
 * @param socketSendBuffer   SO_SNDBUF of a listener's socket in bytes, so a listener that stops reading
 *                           backs up within a bounded amount of kernel memory and is noticed; 0 keeps the
 *                           system's (auto-tuned) size
 */
public record LiveSettings(Duration batchInterval, Duration sendTimeout, int maxPendingUpdates, int socketSendBuffer) {

    public LiveSettings {
        if (batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("batchInterval must be positive, was " + batchInterval);
        }
        if (sendTimeout.compareTo(batchInterval) <= 0) {
            throw new IllegalArgumentException("sendTimeout must be longer than batchInterval, was " + sendTimeout);
        }
        if (maxPendingUpdates < 1) {
            throw new IllegalArgumentException("maxPendingUpdates must be >= 1, was " + maxPendingUpdates);
        }
        if (socketSendBuffer < 0) {
            throw new IllegalArgumentException("socketSendBuffer must be >= 0, was " + socketSendBuffer);
        }
    }

    public static LiveSettings defaults() {
        return new LiveSettings(Duration.ofMillis(25), Duration.ofSeconds(10), 100_000, 64 * 1024);
    }
}
