package com.bikefleet.hardware.gps;

import com.bikefleet.model.retry.Backoff;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.model.Fix;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tinylog.Level;

class RecoveringSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A connection that yields one fix per poll. */
    private static GpsConnection working() {
        return new GpsConnection() {
            @Override
            public boolean poll(Events events) {
                events.heard();
                events.fix(Fix.of(Instant.parse("2026-05-01T08:00:00Z"), 52.0, 4.0));
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void anOutageIsLoggedOnceHoweverManyRetriesItTakesAndTheRecoveryOnce() throws Exception {
        String name = "flaky receiver " + System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch sixFailures = new CountDownLatch(6);
        RecordingListener listener = new RecordingListener();
        RecoveringSource source = new RecoveringSource(name, "test-gps", () -> {
            if (attempts.incrementAndGet() <= 6) {
                sixFailures.countDown();
                throw new IOException("port " + name + " is gone");
            }
            return working();
        }, Duration.ofSeconds(5), new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), new Random(1)));
        try (source) {
            source.start(listener);
            assertEquals(true, sixFailures.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals("port " + name + " is gone", listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            listener.nextFix(WAIT);
        }

        List<CapturedLogWriter.Line> lines = CapturedLogWriter.containing(name);
        assertEquals(List.of(
                new CapturedLogWriter.Line(Level.WARN, "GPS " + name + ": port " + name
                        + " is gone; retrying with backoff (logged once until it recovers)"),
                new CapturedLogWriter.Line(Level.INFO, "GPS " + name + ": receiving again")), lines);
    }

    @Test
    void aBrokenListenerDoesNotStopTheSource() {
        RecordingListener recorder = new RecordingListener();
        AtomicInteger calls = new AtomicInteger();
        GpsListener broken = new GpsListener() {
            @Override
            public void onFix(Fix fix) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("listener bug");
                }
                recorder.onFix(fix);
            }
        };
        try (RecoveringSource source = new RecoveringSource("steady", "test-gps", RecoveringSourceTest::working,
                Duration.ofSeconds(5), new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), new Random(1)))) {
            source.start(broken);
            recorder.nextFix(WAIT);
        }
    }
}
