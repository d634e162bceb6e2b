package com.bikefleet.hardware.replay;

import com.bikefleet.hardware.gps.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.RecoveringSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/** {@code gps.source = replay}: a recorded NMEA log played through the decoder. */
public final class ReplaySource {

    private ReplaySource() {
    }

    /**
     * A source playing {@code file} at {@code speed} times real time (0 = as fast as possible), from the
     * start again at the end when {@code loop}, else stopping with status NO_DATA. A file that cannot be
     * read is retried with backoff.
     */
    public static GpsSource create(Path file, double speed, boolean loop, Duration silenceTimeout, Backoff backoff,
            Pacer pacer, LocalDate rolloverPivot) {
        String description = "replay " + file + (speed <= 0 ? " as fast as possible" : " at " + speed + "x")
                + (loop ? ", looping" : "");
        return new RecoveringSource(description, "gps-replay",
                () -> new ReplayConnection(file, speed, loop, pacer, rolloverPivot), silenceTimeout, backoff);
    }
}
