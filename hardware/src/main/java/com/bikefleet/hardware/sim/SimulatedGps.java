package com.bikefleet.hardware.sim;

import com.bikefleet.hardware.gps.GpsListener;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * A receiver for laptops and tests: rides a {@link CityRoute} at a steady speed and emits one fix per
 * period. The n-th fix is a pure function of the route, speed, start time and n, so a test can compute
 * exactly what the bike reported.
 *
 * <p>The simulated satellite time starts at the clock's current second and advances by exactly one
 * period per fix, so it stays deterministic even when the emitting thread is late.
 */
public final class SimulatedGps implements GpsSource {

    private final CityRoute route;
    private final double speedMps;
    private final Duration period;
    private final Clock clock;
    // Owned by start()/close(); the scheduler thread is the only one that calls the listener.
    private ScheduledExecutorService scheduler;

    public SimulatedGps(CityRoute route, double speedMps, Duration period, Clock clock) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.route = route;
        this.speedMps = speedMps;
        this.period = period;
        this.clock = clock;
    }

    /** The fix number {@code n} (from 0) of a ride that started at {@code start}. */
    public Fix fixAt(Instant start, long n) {
        Instant time = start.plus(period.multipliedBy(n));
        double seconds = period.toNanos() * (double) n / 1e9;
        CityRoute.Placement p = route.at(seconds * speedMps);
        return new Fix(time, round7(p.lat()), round7(p.lon()), Math.round(speedMps * 100) / 100.0,
                round1(p.courseDegrees()) % 360.0,
                35.0, 0.9, 9, FixType.THREE_D);
    }

    @Override
    public synchronized void start(GpsListener listener) {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gps-simulated");
            t.setDaemon(true);
            return t;
        });
        listener.onStatus(GpsStatus.FIX, describe());
        long[] next = {0};
        scheduler.scheduleAtFixedRate(() -> {
            try {
                listener.onFix(fixAt(start, next[0]++));
            } catch (RuntimeException e) {
                // A listener fault must not cancel the schedule for good.
                Logger.error(e, "GPS listener failed on a simulated fix");
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "simulated route of " + Math.round(route.lengthMetres()) + " m at "
                + Math.round(speedMps * 3.6) + " km/h, a fix every " + period.toMillis() + " ms";
    }

    private static double round7(double degrees) {
        return Math.round(degrees * 1e7) / 1e7;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
