package com.bikefleet.hardware.gps.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.model.config.InvalidSettingsException;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.KeyProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void reportsEveryProblemAtOnceEachAsAValueNamingItsKey() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.source", "replay", "gps.baud", "300", "gps.gpsd.port", "http", "gps.sim.period", "5 parsecs")));

        assertEquals(Set.of(
                new KeyProblem("gps.baud", "300 is outside the allowed range 4800..921600"),
                new KeyProblem("gps.gpsd.port", "'http' is not a whole number"),
                new KeyProblem("gps.sim.period", "'5 parsecs' is not a duration such as 500ms, 5s, 2m or PT5S"),
                new KeyProblem("gps.replay.file", "is required for gps.source = replay")), Set.copyOf(e.problems()));
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("gps.baud: 300 is outside the allowed range 4800..921600"), e.getMessage());
    }

    @Test
    void replayTimesAreReBasedByDefaultAndCheckedByName() {
        assertEquals(GpsSettings.ReplayTimes.REBASE, GpsSettings.defaults().replayTimes());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.replay.times", "now")));
        assertEquals(List.of(new KeyProblem("gps.replay.times", "'now' is not one of rebase, recorded")), e.problems());
    }

    @Test
    void rejectsUnknownKeysAndDropoutsLongerThanTheirInterval() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> GpsSettings.fromKeys(Map.of(
                "gps.sourse", "tty")));
        assertEquals("gps.sourse: unknown key", e.getMessage());

        e = assertThrows(InvalidSettingsException.class, () -> GpsSettings.builder()
                .simDropoutEvery(Duration.ofSeconds(10)).simDropoutLength(Duration.ofSeconds(10)).build());
        assertEquals(List.of(new KeyProblem("gps.sim.dropout-length",
                "must be less than gps.sim.dropout-every (10s), was 10s")), e.problems());
    }

    @Test
    void theBuilderChecksTheKeysRangesAndCrossKeyRules() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> GpsSettings.builder()
                .baud(300).simSpeedKmh(99).silenceTimeout(Duration.ofMillis(10)).backoffInitial(Duration.ofSeconds(5))
                .backoffMax(Duration.ofSeconds(2)).simStart(new CityRoute.Point(89, 0)).device(" ").build());
        assertEquals(List.of(
                new KeyProblem("gps.device", "must not be empty"),
                new KeyProblem("gps.baud", "300 is outside the allowed range 4800..921600"),
                new KeyProblem("gps.sim.speed-kmh", "99 is outside the allowed range 1..60"),
                new KeyProblem("gps.sim.start", "89.0,0.0 is not lat,lon with |lat| <= 85 and |lon| <= 180"),
                new KeyProblem("gps.timeout", "10ms is outside the allowed range 1s..10m"),
                new KeyProblem("gps.backoff.max", "must not be below gps.backoff.initial (5s), was 2s")), e.problems());
    }

    @Test
    void gpsDurationsStillTakeIsoFractionsAndABareZero() {
        GpsSettings s = GpsSettings.fromKeys(Map.of("gps.sim.period", "1.5s", "gps.timeout", "PT7S",
                "gps.sim.dropout-every", "0"));
        assertEquals(Duration.ofMillis(1500), s.simPeriod());
        assertEquals(Duration.ofSeconds(7), s.silenceTimeout());
        assertEquals(Duration.ZERO, s.simDropoutEvery());
    }

    @Test
    void theDefaultsAreTheKeysDefaults() {
        GpsSettings s = GpsSettings.defaults();
        List<Object> fields = List.of(s.source(), s.device(), s.baud(), s.gpsdHost(), s.gpsdPort(), s.replaySpeed(),
                s.replayLoop(), s.replayTimes(), s.simSeed(), s.simSpeedKmh(), s.simNoiseMetres(), s.simStart(),
                s.simPeriod(), s.simDropoutEvery(), s.simDropoutLength(), s.silenceTimeout(), s.backoffInitial(),
                s.backoffMax());
        List<Key<?>> keys = List.of(GpsKeys.SOURCE, GpsKeys.DEVICE, GpsKeys.BAUD, GpsKeys.GPSD_HOST,
                GpsKeys.GPSD_PORT, GpsKeys.REPLAY_SPEED, GpsKeys.REPLAY_LOOP, GpsKeys.REPLAY_TIMES, GpsKeys.SIM_SEED,
                GpsKeys.SIM_SPEED_KMH, GpsKeys.SIM_NOISE_M, GpsKeys.SIM_START, GpsKeys.SIM_PERIOD,
                GpsKeys.SIM_DROPOUT_EVERY, GpsKeys.SIM_DROPOUT_LENGTH, GpsKeys.TIMEOUT, GpsKeys.BACKOFF_INITIAL,
                GpsKeys.BACKOFF_MAX);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(keys.get(i).defaultValue(), fields.get(i), keys.get(i).name());
        }
        assertNull(s.replayFile());
        assertNull(s.simGpx());
    }

    @Test
    void everyListedKeyIsOneThatFromKeysReads() {
        assertTrue(problemsOf("gps.nonsense").contains(new KeyProblem("gps.nonsense", "unknown key")));
        for (Key<?> key : GpsKeys.ALL) {
            // "x" is no valid value of any of them: each reports its own key, none reads as unknown.
            List<KeyProblem> problems = problemsOf(key.name());
            assertTrue(problems.stream().anyMatch(p -> p.key().equals(key.name())
                    && !p.message().equals("unknown key")) || key.type().equals("text") || key.type().equals("path"),
                    key + ": " + problems);
        }
    }

    private static List<KeyProblem> problemsOf(String key) {
        try {
            GpsSettings.fromKeys(Map.of(key, "x"));
            return List.of();
        } catch (InvalidSettingsException e) {
            return e.problems();
        }
    }
}
