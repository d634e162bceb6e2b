package com.bikefleet.hardware.gps;

import com.bikefleet.model.Fix;

/** Receives what a {@link GpsSource} produces, on the source's thread. */
public interface GpsListener {

    /** A valid fix with GPS time. */
    void onFix(Fix fix);

    /** The receiver's state changed; called only on a change. */
    default void onStatus(GpsStatus status, String detail) {
    }
}
