package com.bikefleet.hardware.gps;

import com.bikefleet.model.Fix;
import org.tinylog.Logger;

/**
 * Stands between a source and the agent's listener: passes a status on only when it changes, and keeps
 * a faulty listener from killing the source's thread.
 *
 * <p>Called only from the source's thread.
 */
public final class StatusReporter {

    private final GpsListener listener;
    private GpsStatus current;

    public StatusReporter(GpsListener listener) {
        this.listener = listener;
    }

    public void fix(Fix fix) {
        status(GpsStatus.FIX, "fixes arriving");
        try {
            listener.onFix(fix);
        } catch (RuntimeException e) {
            Logger.error(e, "GPS listener failed on a fix");
        }
    }

    public void status(GpsStatus status, String detail) {
        if (status == current) {
            return;
        }
        current = status;
        try {
            listener.onStatus(status, detail);
        } catch (RuntimeException e) {
            Logger.error(e, "GPS listener failed on status {}", status);
        }
    }

    public GpsStatus current() {
        return current;
    }
}
