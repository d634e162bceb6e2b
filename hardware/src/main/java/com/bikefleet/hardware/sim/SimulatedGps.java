package com.bikefleet.hardware.sim;

import com.bikefleet.hardware.gps.GpsListener;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.StatusReporter;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
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
 *
 * <p>{@link Imperfections} make it look like a real receiver: position noise, and dropouts (a tunnel)
 * during which no fix comes and the status is NO_FIX. Both are functions of the seed and n.
 */
public final class SimulatedGps implements GpsSource {

    /**
     * What makes the simulation less than perfect.
     *
     * @param noiseMetres   standard deviation of the position error, north and east, 0 for none
     * @param dropoutEvery  a dropout starts once per this interval, zero for none
     * @param dropoutLength how long each dropout lasts, less than {@code dropoutEvery}
     * @param seed          the same seed gives the same noise
     */
    public record Imperfections(double noiseMetres, Duration dropoutEvery, Duration dropoutLength, long seed) {

        public static final Imperfections NONE = new Imperfections(0, Duration.ZERO, Duration.ZERO, 0);

        public Imperfections {
            if (!(noiseMetres >= 0)) {
                throw new IllegalArgumentException("noise must be >= 0 m, was " + noiseMetres);
            }
            if (dropoutEvery.isNegative() || dropoutLength.isNegative()
                    || (!dropoutEvery.isZero() && dropoutLength.compareTo(dropoutEvery) >= 0)) {
                throw new IllegalArgumentException("need 0 <= dropout length < dropout interval, got "
                        + dropoutLength + " every " + dropoutEvery);
            }
        }
    }

    private static final double EARTH_RADIUS_M = 6_371_000.0;

    private final CityRoute route;
    private final double speedMps;
    private final Duration period;
    private final Clock clock;
    private final Imperfections imperfections;
    // Owned by start()/close(); the scheduler thread is the only one that calls the listener.
    private ScheduledExecutorService scheduler;

    public SimulatedGps(CityRoute route, double speedMps, Duration period, Clock clock) {
        this(route, speedMps, period, clock, Imperfections.NONE);
    }

    public SimulatedGps(CityRoute route, double speedMps, Duration period, Clock clock,
            Imperfections imperfections) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.route = route;
        this.speedMps = speedMps;
        this.period = period;
        this.clock = clock;
        this.imperfections = imperfections;
    }

    /** The fix number {@code n} (from 0) of a ride that started at {@code start}, dropouts aside. */
    public Fix fixAt(Instant start, long n) {
        Instant time = start.plus(period.multipliedBy(n));
        double seconds = period.toNanos() * (double) n / 1e9;
        CityRoute.Placement p = route.at(seconds * speedMps);
        double lat = p.lat();
        double lon = p.lon();
        if (imperfections.noiseMetres() > 0) {
            // A generator per fix keeps fix n a pure function of (seed, n).
            Random random = new Random(imperfections.seed() * 1_000_003L + n);
            lat += Math.toDegrees(random.nextGaussian() * imperfections.noiseMetres() / EARTH_RADIUS_M);
            lon += Math.toDegrees(random.nextGaussian() * imperfections.noiseMetres()
                    / (EARTH_RADIUS_M * Math.cos(Math.toRadians(lat))));
        }
        return new Fix(time, round7(lat), round7(lon), Math.round(speedMps * 100) / 100.0,
                round1(p.courseDegrees()) % 360.0,
                35.0, 0.9, 9, FixType.THREE_D);
    }

    /** True when fix number {@code n} falls in a dropout: the last part of each dropout interval. */
    public boolean inDropout(long n) {
        long every = imperfections.dropoutEvery().toNanos();
        if (every == 0) {
            return false;
        }
        long at = Math.floorMod(period.toNanos() * n, every);
        return at >= every - imperfections.dropoutLength().toNanos();
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
        StatusReporter reporter = new StatusReporter(listener);
        reporter.status(GpsStatus.FIX, describe());
        long[] next = {0};
        scheduler.scheduleAtFixedRate(() -> {
            try {
                long n = next[0]++;
                if (inDropout(n)) {
                    reporter.status(GpsStatus.NO_FIX, "simulated dropout (a tunnel)");
                } else {
                    reporter.fix(fixAt(start, n));
                }
            } catch (RuntimeException e) {
                // The reporter shields the listener; this is a fault of ours, and must not end the schedule.
                Logger.error(e, "simulated GPS failed on a fix");
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
                + Math.round(speedMps * 3.6) + " km/h, a fix every " + period.toMillis() + " ms"
                + (imperfections.noiseMetres() > 0 ? ", noise " + imperfections.noiseMetres() + " m" : "")
                + (imperfections.dropoutEvery().isZero() ? "" : ", dropouts of " + imperfections.dropoutLength()
                        .toSeconds() + " s every " + imperfections.dropoutEvery().toSeconds() + " s");
    }

    private static double round7(double degrees) {
        return Math.round(degrees * 1e7) / 1e7;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
