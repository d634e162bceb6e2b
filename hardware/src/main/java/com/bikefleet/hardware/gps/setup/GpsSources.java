package com.bikefleet.hardware.gps.setup;

import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gpsd.GpsdSource;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import com.bikefleet.hardware.replay.Pacer;
import com.bikefleet.hardware.replay.ReplaySource;
import com.bikefleet.hardware.serial.Pi4jSerialSource;
import com.bikefleet.hardware.serial.TtySource;
import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.hardware.sim.GpxRoute;
import com.bikefleet.hardware.sim.SimulatedGps;
import com.bikefleet.model.retry.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.util.Random;

/** Builds the source {@code gps.source} names. The only place that knows every kind of source. */
public final class GpsSources {

    private GpsSources() {
    }

    /**
     * The source for {@code settings}, not yet started. Hardware faults never surface here (the source
     * retries by itself); only a configuration that cannot work does.
     *
     * @param clock the simulated receiver's time source, and the present a replay is re-based onto (read
     *              once, when its first fix is played); real receivers carry GPS time
     * @throws IllegalArgumentException when {@code gps.sim.gpx} cannot be read as a route
     */
    public static GpsSource create(GpsSettings settings, Clock clock) {
        return switch (settings.source()) {
            case GPSD -> GpsdSource.create(settings.gpsdHost(), settings.gpsdPort(), settings.silenceTimeout(),
                    backoff(settings));
            case TTY -> TtySource.create(settings.device(), settings.baud(), settings.silenceTimeout(),
                    backoff(settings), NmeaDecoder.DEFAULT_ROLLOVER_PIVOT);
            case SERIAL -> Pi4jSerialSource.create(settings.device(), settings.baud(), settings.silenceTimeout(),
                    backoff(settings), NmeaDecoder.DEFAULT_ROLLOVER_PIVOT);
            case REPLAY -> ReplaySource.create(settings.replayFile(), settings.replaySpeed(), settings.replayLoop(),
                    settings.silenceTimeout(), backoff(settings), Pacer.SYSTEM,
                    settings.replayTimes() == GpsSettings.ReplayTimes.REBASE ? clock : null);
            case SIMULATED -> new SimulatedGps(route(settings), settings.simSpeedMps(), settings.simPeriod(), clock,
                    new SimulatedGps.Imperfections(settings.simNoiseMetres(), settings.simDropoutEvery(),
                            settings.simDropoutLength(), settings.simSeed()));
        };
    }

    static Backoff backoff(GpsSettings settings) {
        // Unseeded on purpose: the jitter exists so that bikes do not retry in step.
        return new Backoff(settings.backoffInitial(), settings.backoffMax(), new Random());
    }

    private static CityRoute route(GpsSettings settings) {
        if (settings.simGpx() == null) {
            return CityRoute.around(settings.simStart(), (int) Math.floorMod(settings.simSeed(), 9L));
        }
        try {
            return GpxRoute.read(settings.simGpx());
        } catch (IOException e) {
            throw new IllegalArgumentException("gps.sim.gpx: " + e.getMessage(), e);
        }
    }
}
