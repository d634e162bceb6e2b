package com.bikefleet.agent.sdk;

import com.bikefleet.model.Fix;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The time of day as the GPS last told it, carried forward on the monotonic clock. A Raspberry Pi has
 * no battery-backed clock and may believe it is 1970 until NTP runs, so readings are stamped with this
 * instead of the system clock; before the first fix there is no time at all.
 */
public final class GpsClock {

    private record Anchor(Instant gpsTime, long nanos) {
    }

    private final LongSupplier nanoTime;
    // Written by the GPS thread, read by whoever stamps a reading.
    private volatile Anchor anchor;

    public GpsClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void onFix(Fix fix) {
        anchor = new Anchor(fix.time(), nanoTime.getAsLong());
    }

    /** Now, by GPS time, or null when no fix has been seen since start. */
    public Instant now() {
        Anchor a = anchor;
        return a == null ? null : a.gpsTime().plus(Duration.ofNanos(nanoTime.getAsLong() - a.nanos()));
    }
}
