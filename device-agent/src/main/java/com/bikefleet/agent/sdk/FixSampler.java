package com.bikefleet.agent.sdk;

import com.bikefleet.model.Fix;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes one fix per report interval out of the receiver's stream (typically 1 Hz), judged by GPS time
 * alone, so it works the same on a bike that booted at 1970. Owned by the GPS thread.
 */
final class FixSampler {

    // Changed by the set-report-interval command on the command thread, read by the GPS thread.
    private volatile Duration interval;
    private Instant lastTaken;

    FixSampler(Duration interval) {
        this.interval = interval;
    }

    void interval(Duration newInterval) {
        this.interval = newInterval;
    }

    Duration interval() {
        return interval;
    }

    /** True when this fix should be reported. */
    boolean take(Fix fix) {
        Instant time = fix.time();
        // A receiver that jumps back (a reset, a corrected week rollover) starts a new rhythm.
        if (lastTaken == null || !time.isBefore(lastTaken.plus(interval)) || time.isBefore(lastTaken)) {
            lastTaken = time;
            return true;
        }
        return false;
    }
}
