package com.bikefleet.hardware.gpsd;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.RecoveringSource;
import java.time.Duration;

/** {@code gps.source = gpsd}: fixes from a running gpsd, reconnecting when it goes away. */
public final class GpsdSource {

    private GpsdSource() {
    }

    public static GpsSource create(String host, int port, Duration silenceTimeout, Backoff backoff) {
        return new RecoveringSource("gpsd " + host + ":" + port, "gps-gpsd", () -> new GpsdConnection(host, port),
                silenceTimeout, backoff);
    }
}
