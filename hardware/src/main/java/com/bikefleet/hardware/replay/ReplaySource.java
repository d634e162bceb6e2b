package com.bikefleet.hardware.replay;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.RecoveringSource;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** {@code gps.source = replay}: a recorded NMEA log played through the decoder. */
public final class ReplaySource {

    private ReplaySource() {
    }

    /**
     * A source playing {@code file} at {@code speed} times real time (0 = as fast as possible), from the
     * start again at the end when {@code loop}, else stopping with status NO_DATA. A file that cannot be
     * read is retried with backoff. The log's dates are its true ones ({@link NmeaDecoder#RECORDED_ROLLOVER_PIVOT});
     * with a {@code rebaseOnto} clock they are moved so that the first fix is at that clock's present.
     *
     * @param rebaseOnto read once, when the first fix is played; null keeps the recorded times
     */
    public static GpsSource create(Path file, double speed, boolean loop, Duration silenceTimeout, Backoff backoff,
            Pacer pacer, Clock rebaseOnto) {
        String description = "replay " + file + (speed <= 0 ? " as fast as possible" : " at " + speed + "x")
                + (loop ? ", looping" : "") + (rebaseOnto == null ? ", recorded times" : ", times re-based");
        return new RecoveringSource(description, "gps-replay",
                () -> new ReplayConnection(file, speed, loop, pacer, NmeaDecoder.RECORDED_ROLLOVER_PIVOT, rebaseOnto),
                silenceTimeout, backoff);
    }
}
