package com.bikefleet.hardware.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.RecordingListener;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import com.bikefleet.model.Fix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NMEA through a real tty: a socat pseudo-terminal pair, the receiver side read by jSerialComm. */
class TtySourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsSocat() {
        Socat.assumeInstalled();
    }

    /** Writes the neo-m8n log into the feed side over and over until stopped, as a receiver would. */
    private static Thread feeder(Path feed, AtomicBoolean stop) throws IOException {
        byte[] log;
        try (InputStream in = TtySourceTest.class.getResourceAsStream("/nmea/neo-m8n.log")) {
            log = in.readAllBytes();
        }
        Thread t = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(feed)) {
                while (!stop.get()) {
                    for (int offset = 0; offset < log.length && !stop.get(); offset += 200) {
                        out.write(log, offset, Math.min(200, log.length - offset));
                        out.flush();
                        Thread.sleep(5); // pacing the writer, not an assertion
                    }
                }
            } catch (IOException | InterruptedException e) {
                // socat went away or the test is over
            }
        }, "test-feeder");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void decodesNmeaFromAPseudoTerminalAndReopensItWhenItComesBack() throws Exception {
        RecordingListener listener = new RecordingListener();
        AtomicBoolean stop = new AtomicBoolean();
        Socat socat = Socat.start(dir);
        try (GpsSource source = TtySource.create(socat.gps.toString(), 9600, Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), new Random(1)),
                NmeaDecoder.DEFAULT_ROLLOVER_PIVOT)) {
            assertTrue(source.describe().startsWith("tty " + socat.gps));
            feeder(socat.feed, stop);
            source.start(listener);

            listener.awaitStatus(GpsStatus.FIX, WAIT);
            Fix fix = listener.nextFix(WAIT);
            assertEquals(44.07, fix.latitude(), 0.01);
            assertEquals(-121.31, fix.longitude(), 0.01);

            socat.close(); // the port disappears
            GpsStatus lost = listener.awaitStatus(GpsStatus.NO_DATA, WAIT).status();
            assertEquals(GpsStatus.NO_DATA, lost);

            stop.set(true);
            AtomicBoolean stop2 = new AtomicBoolean();
            try (Socat back = Socat.start(dir)) {
                feeder(back.feed, stop2);
                listener.awaitStatus(GpsStatus.FIX, WAIT);
                assertEquals(44.07, listener.nextFix(WAIT).latitude(), 0.01);
            } finally {
                stop2.set(true);
            }
        } finally {
            stop.set(true);
            socat.close();
        }
    }
}
