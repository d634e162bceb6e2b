package com.bikefleet.hardware.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.RecordingListener;
import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.model.Fix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedGpsTest {

    private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
    private static final CityRoute ROUTE = CityRoute.around(new CityRoute.Point(52.37, 4.89), 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static SimulatedGps sim(double noise, long seed) {
        return new SimulatedGps(ROUTE, 5.0, Duration.ofSeconds(1), CLOCK,
                new SimulatedGps.Imperfections(noise, Duration.ZERO, Duration.ZERO, seed));
    }

    @Test
    void noiseIsDeterministicPerSeedAndOfTheRequestedSize() {
        SimulatedGps clean = new SimulatedGps(ROUTE, 5.0, Duration.ofSeconds(1), CLOCK);
        assertEquals(sim(5, 42).fixAt(START, 10), sim(5, 42).fixAt(START, 10));
        assertNotEquals(sim(5, 42).fixAt(START, 10), sim(5, 43).fixAt(START, 10));

        double sumSquares = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            Fix exact = clean.fixAt(START, i);
            Fix noisy = sim(5, 42).fixAt(START, i);
            double d = CityRoute.distanceMetres(new CityRoute.Point(exact.latitude(), exact.longitude()),
                    new CityRoute.Point(noisy.latitude(), noisy.longitude()));
            sumSquares += d * d;
        }
        // Two axes of 5 m each: the root mean square distance is 5 * sqrt(2), about 7.1 m.
        double rms = Math.sqrt(sumSquares / n);
        assertTrue(rms > 6.5 && rms < 7.6, "rms " + rms);
    }

    @Test
    void dropoutsAreTheLastPartOfEachInterval() {
        SimulatedGps sim = new SimulatedGps(ROUTE, 5.0, Duration.ofSeconds(1), CLOCK,
                new SimulatedGps.Imperfections(0, Duration.ofSeconds(10), Duration.ofSeconds(3), 1));
        StringBuilder pattern = new StringBuilder();
        for (int n = 0; n < 20; n++) {
            pattern.append(sim.inDropout(n) ? 'x' : '.');
        }
        assertEquals(".......xxx.......xxx", pattern.toString());
    }

    @Test
    void aRunningSimulationReportsNoFixInATunnelAndFixAfter() {
        SimulatedGps sim = new SimulatedGps(ROUTE, 5.0, Duration.ofMillis(100), CLOCK,
                new SimulatedGps.Imperfections(0, Duration.ofMillis(600), Duration.ofMillis(300), 1));
        RecordingListener listener = new RecordingListener();
        try (sim) {
            sim.start(listener);
            assertEquals(sim.fixAt(START, 0), listener.nextFix(WAIT));
            assertEquals("simulated dropout (a tunnel)", listener.awaitStatus(GpsStatus.NO_FIX, WAIT).detail());
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            assertEquals(sim.fixAt(START, 6), listener.nextFix(WAIT));
        }
    }

    @Test
    void followsAGpxTrackChosenInSettings(@TempDir Path dir) throws IOException {
        Path gpx = dir.resolve("ride.gpx");
        Files.writeString(gpx, "<gpx><trk><trkseg><trkpt lat=\"48.1\" lon=\"11.5\"/><trkpt lat=\"48.2\" lon=\"11.5\"/>"
                + "</trkseg></trk></gpx>");
        GpsSource source = GpsSources.create(GpsSettings.builder().source(GpsSettings.Source.SIMULATED).simGpx(gpx)
                .simPeriod(Duration.ofMillis(100)).simSpeedKmh(36).build(), CLOCK);
        RecordingListener listener = new RecordingListener();
        try (source) {
            source.start(listener);
            Fix first = listener.nextFix(WAIT);
            Fix second = listener.nextFix(WAIT);
            assertEquals(48.1, first.latitude(), 1e-7);
            assertEquals(START, first.time());
            assertEquals(1.0, CityRoute.distanceMetres(new CityRoute.Point(first.latitude(), first.longitude()),
                    new CityRoute.Point(second.latitude(), second.longitude())), 0.02); // 10 m/s for 0.1 s
            assertEquals(0.0, second.course(), 1e-9); // due north
        }
    }

    @Test
    void aGeneratedRouteStartsNearTheConfiguredPoint() {
        GpsSettings settings = GpsSettings.builder().source(GpsSettings.Source.SIMULATED)
                .simStart(new CityRoute.Point(-33.86, 151.2)).simSeed(0).build();
        GpsSource source = GpsSources.create(settings, CLOCK);
        assertFalse(source.describe().isEmpty());
        assertEquals(-33.86, ((SimulatedGps) source).fixAt(START, 0).latitude(), 1e-9);
    }
}
