package com.bikefleet.hardware.gps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.hardware.sim.CityRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpsSettingsTest {

    @Test
    void defaults() {
        GpsSettings s = GpsSettings.defaults();
        assertEquals(GpsSettings.Source.SERIAL, s.source());
        assertEquals("/dev/serial0", s.device());
        assertEquals(9600, s.baud());
        assertEquals("localhost", s.gpsdHost());
        assertEquals(2947, s.gpsdPort());
        assertEquals(1.0, s.replaySpeed());
        assertEquals(18.0, s.simSpeedKmh());
        assertEquals(Duration.ofSeconds(5), s.silenceTimeout());
    }

    @Test
    void readsEveryKey() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("gps.source", "replay");
        keys.put("gps.device", "/dev/ttyACM0");
        keys.put("gps.baud", "115200");
        keys.put("gps.gpsd.host", "10.0.0.2");
        keys.put("gps.gpsd.port", "2948");
        keys.put("gps.replay.file", "/var/log/ride.nmea");
        keys.put("gps.replay.speed", "max");
        keys.put("gps.replay.loop", "true");
        keys.put("gps.replay.times", "recorded");
        keys.put("gps.sim.gpx", "/home/me/route.gpx");
        keys.put("gps.sim.seed", "7");
        keys.put("gps.sim.speed-kmh", "22.5");
        keys.put("gps.sim.noise-m", "3");
        keys.put("gps.sim.start", "48.8566, 2.3522");
        keys.put("gps.sim.period", "500ms");
        keys.put("gps.sim.dropout-every", "5m");
        keys.put("gps.sim.dropout-length", "PT30S");
        keys.put("gps.timeout", "10s");
        keys.put("gps.backoff.initial", "250ms");
        keys.put("gps.backoff.max", "2m");
        keys.put("server.url", "wss://elsewhere"); // not ours

        GpsSettings s = GpsSettings.fromKeys(keys);

        assertEquals(new GpsSettings(GpsSettings.Source.REPLAY, "/dev/ttyACM0", 115200, "10.0.0.2", 2948,
                Path.of("/var/log/ride.nmea"), 0.0, true, GpsSettings.ReplayTimes.RECORDED, Path.of("/home/me/route.gpx"), 7, 22.5, 3.0,
                new CityRoute.Point(48.8566, 2.3522), Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofMinutes(2)), s);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.source", "replay", "gps.baud", "300", "gps.gpsd.port", "http", "gps.sim.period", "5 parsecs")));

        String message = e.getMessage();
        for (String expected : new String[] {"gps.gpsd.port: cannot read 'http'", "gps.sim.period: cannot read",
                "gps.baud must be 4800..921600, was 300", "gps.replay.file is required for gps.source = replay"}) {
            assertEquals(true, message.contains(expected), message + " should contain " + expected);
        }
    }

    @Test
    void replayTimesAreReBasedByDefaultAndCheckedByName() {
        assertEquals(GpsSettings.ReplayTimes.REBASE, GpsSettings.defaults().replayTimes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.replay.times", "now")));
        assertEquals("gps.replay.times: cannot read 'now' (rebase or recorded)", e.getMessage());
    }

    @Test
    void rejectsUnknownKeysAndDropoutsLongerThanTheirInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.sourse", "tty")));
        assertEquals("unknown key gps.sourse", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> GpsSettings.builder()
                .simDropoutEvery(Duration.ofSeconds(10)).simDropoutLength(Duration.ofSeconds(10)).build());
        assertEquals("gps.sim.dropout-length must be >= 0 and less than gps.sim.dropout-every, was PT10S",
                e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void everyListedKeyIsOneThatFromKeysReads() {
        org.junit.jupiter.api.Assertions.assertTrue(problemsOf("gps.nonsense").contains("unknown key gps.nonsense"));
        for (String key : GpsSettings.KEYS) {
            org.junit.jupiter.api.Assertions.assertFalse(problemsOf(key).contains("unknown key"), key);
        }
    }

    private static String problemsOf(String key) {
        try {
            GpsSettings.fromKeys(java.util.Map.of(key, "x"));
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
