package com.bikefleet.hardware.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsConnection;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.RecordingListener;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import com.bikefleet.model.Fix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00.123456Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Time that passes only when the replay sleeps, recording each deadline. */
    static final class FakePacer implements Pacer {
        long now = 1_000_000_000L;
        final List<Long> deadlines = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            deadlines.add(deadline - 1_000_000_000L);
            now = Math.max(now, deadline);
        }
    }

    private Path log(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/nmea/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static List<Fix> drain(ReplayConnection c, int max) throws IOException {
        List<Fix> fixes = new ArrayList<>();
        GpsConnection.Events events = new GpsConnection.Events() {
            @Override
            public void heard() {
            }

            @Override
            public void fix(Fix fix) {
                fixes.add(fix);
            }
        };
        while (fixes.size() < max && c.poll(events)) {
            // keep reading
        }
        return fixes;
    }

    @Test
    void pacesFixesByTheirGpsTimeDividedByTheSpeed() throws IOException {
        FakePacer pacer = new FakePacer();
        try (ReplayConnection c = new ReplayConnection(log("neo-m8n.log"), 2.0, false, pacer,
                NmeaDecoder.RECORDED_ROLLOVER_PIVOT, null)) {
            List<Fix> fixes = drain(c, Integer.MAX_VALUE);

            assertEquals(24, fixes.size());
            // One fix a second in the log, so at 2x one every half second after the first.
            for (int i = 0; i < pacer.deadlines.size(); i++) {
                assertEquals((i + 1) * 500_000_000L, pacer.deadlines.get(i));
            }
            assertEquals(23, pacer.deadlines.size());
        }
    }

    @Test
    void rebasesTheFirstFixOntoThePresentKeepingSpacingAndOrder() throws IOException {
        List<Fix> recorded;
        try (ReplayConnection c = new ReplayConnection(log("neo-m8n.log"), 0, false, new FakePacer(),
                NmeaDecoder.RECORDED_ROLLOVER_PIVOT, null)) {
            recorded = drain(c, Integer.MAX_VALUE);
        }
        List<Fix> rebased;
        try (ReplayConnection c = new ReplayConnection(log("neo-m8n.log"), 0, false, new FakePacer(),
                NmeaDecoder.RECORDED_ROLLOVER_PIVOT, CLOCK)) {
            rebased = drain(c, Integer.MAX_VALUE);
        }

        assertEquals(Instant.parse("2015-03-18T17:19:25Z"), recorded.get(0).time()); // the log's true date
        assertEquals(Instant.parse("2026-12-05T10:00:00.123Z"), rebased.get(0).time());
        assertEquals(recorded.size(), rebased.size());
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(Duration.between(recorded.get(0).time(), recorded.get(i).time()),
                    Duration.between(rebased.get(0).time(), rebased.get(i).time()));
            assertEquals(recorded.get(i).latitude(), rebased.get(i).latitude());
        }
    }

    @Test
    void loopingShiftsEachPassForwardSoTimesKeepGrowing() throws IOException {
        FakePacer pacer = new FakePacer();
        try (ReplayConnection c = new ReplayConnection(log("neo-m8n.log"), 0, true, pacer,
                NmeaDecoder.RECORDED_ROLLOVER_PIVOT, CLOCK)) {
            List<Fix> fixes = drain(c, 60);

            for (int i = 1; i < fixes.size(); i++) {
                assertTrue(fixes.get(i).time().isAfter(fixes.get(i - 1).time()), fixes.get(i) + " after " + fixes.get(i - 1));
            }
            // The second pass starts one second after the first pass ended.
            assertEquals(fixes.get(23).time().plusSeconds(1), fixes.get(24).time());
            assertEquals(fixes.get(0).latitude(), fixes.get(24).latitude());
            assertEquals(Instant.parse("2026-12-05T10:00:00.123Z"), fixes.get(0).time()); // re-based
            assertEquals(List.of(), pacer.deadlines); // speed 0: never waits
        }
    }

    @Test
    void playsToTheEndAndStops() throws IOException {
        GpsSource source = ReplaySource.create(log("quectel-L70.log"), 0, false, Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(1)), Pacer.SYSTEM, null);
        RecordingListener listener = new RecordingListener();
        try (source) {
            source.start(listener);
            Fix first = listener.nextFix(WAIT);
            assertEquals(51 + 4.0859 / 60, first.latitude(), 1e-9);
            // Recorded times: the log's true date, not 1024 weeks later.
            assertEquals(Instant.parse("2022-03-09T15:01:19Z"), first.time());
            assertEquals("input ended", listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());
        }
    }

    @Test
    void aMissingFileIsReportedAndRetriedUntilItAppears() throws IOException {
        Path file = dir.resolve("later.nmea");
        GpsSource source = ReplaySource.create(file, 0, false, Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(1)), Pacer.SYSTEM, null);
        RecordingListener listener = new RecordingListener();
        try (source) {
            source.start(listener);
            assertEquals("replay file " + file + " does not exist", listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());

            Files.copy(log("neo-m8n.log"), file);
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            // The log's first epoch is a lone GLL, dated by the RMC after it.
            assertEquals(44 + 4.14066 / 60, listener.nextFix(WAIT).latitude(), 1e-9);
        }
    }
}
