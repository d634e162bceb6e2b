package com.bikefleet.hardware.gpsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.RecordingListener;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GpsdSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String VERSION = "{\"class\":\"VERSION\",\"release\":\"3.25\",\"proto_major\":3,\"proto_minor\":15}";

    private static String tpv(int mode, String time, double lat, double lon) {
        return "{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":" + mode
                + (time == null ? "" : ",\"time\":\"" + time + "\"")
                + ",\"lat\":" + lat + ",\"lon\":" + lon + ",\"altMSL\":35.5,\"track\":271.3,\"speed\":4.2}";
    }

    private static GpsSource source(int port, Duration silence) {
        return GpsdSource.create("127.0.0.1", port, silence,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new Random(1)));
    }

    @Test
    void watchesTurnsTpvIntoFixesAndSurvivesGpsdGoingAwayAndComingBack() throws IOException {
        RecordingListener listener = new RecordingListener();
        FakeGpsd gpsd = new FakeGpsd(0);
        int port = gpsd.port();
        try (GpsSource source = source(port, Duration.ofSeconds(5))) {
            source.start(listener);
            assertEquals(GpsdConnection.WATCH.strip(), gpsd.acceptClient());

            gpsd.send(VERSION, "not json at all", tpv(1, "2026-05-01T08:00:00.000Z", 0, 0),
                    tpv(3, null, 52.1, 4.1), // no time: skipped
                    tpv(3, "2026-05-01T08:00:01.000Z", 52.370216, 4.895168));
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            Fix fix = listener.nextFix(WAIT);
            assertEquals(new Fix(Instant.parse("2026-05-01T08:00:01Z"), 52.370216, 4.895168, 4.2, 271.3, 35.5, null,
                    null, FixType.THREE_D), fix);

            gpsd.close(); // gpsd goes away
            assertEquals("gpsd closed the connection", listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());

            try (FakeGpsd back = new FakeGpsd(port)) {
                assertEquals(GpsdConnection.WATCH.strip(), back.acceptClient());
                back.send(tpv(2, "2026-05-01T08:05:00.000Z", 52.38, 4.9));
                listener.awaitStatus(GpsStatus.FIX, WAIT);
                Fix again = listener.nextFix(WAIT);
                assertEquals(52.38, again.latitude());
                assertEquals(FixType.TWO_D, again.fixType());
                assertNull(again.hdop());
            }
        }
    }

    @Test
    void aReceiverWithoutFixIsNoFixAndSilenceIsNoData() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeGpsd gpsd = new FakeGpsd(0); GpsSource source = source(gpsd.port(), Duration.ofMillis(300))) {
            source.start(listener);
            gpsd.acceptClient();
            gpsd.send(tpv(3, "2026-05-01T08:00:01.000Z", 52.37, 4.89));
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            // Mode 1 reports keep coming, but no fix: after the timeout the status is NO_FIX.
            Thread feeder = new Thread(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        gpsd.send(tpv(1, null, 0, 0));
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            feeder.start();
            assertEquals("receiver talks but has no fix", listener.awaitStatus(GpsStatus.NO_FIX, WAIT).detail());
            feeder.join();
            // Then nothing at all: NO_DATA, and the source reconnects.
            assertEquals("no data for 300 ms", listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());
            assertEquals(GpsdConnection.WATCH.strip(), gpsd.acceptClient());
        }
    }
}
