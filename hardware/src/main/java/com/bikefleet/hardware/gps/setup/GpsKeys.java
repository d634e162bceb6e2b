package com.bikefleet.hardware.gps.setup;

import com.bikefleet.hardware.gps.setup.GpsSettings.ReplayTimes;
import com.bikefleet.hardware.gps.setup.GpsSettings.Source;
import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Every {@code gps.*} key: name, type, default, range and a line of doc, once. {@link GpsSettings} takes its
 * defaults and checks from here, the agent's key table lists them, docs/configuration.md documents them (a
 * test compares). GPS durations also take ISO-8601 ({@code PT5S}), fractions ({@code 1.5s}) and a bare
 * {@code 0}, as they always have.
 */
public final class GpsKeys {

    public static final Key<Source> SOURCE = Key.choice("gps.source", List.of(Source.values()), Source::key,
            Source.SERIAL, "where fixes come from");
    public static final Key<String> DEVICE = nonEmpty("gps.device", "/dev/serial0",
            "serial device for serial and tty");
    public static final Key<Integer> BAUD = Key.integer("gps.baud", 9600, 4800, 921_600,
            "line speed for serial and tty");
    public static final Key<String> GPSD_HOST = nonEmpty("gps.gpsd.host", "localhost", "gpsd's address");
    public static final Key<Integer> GPSD_PORT = Key.integer("gps.gpsd.port", 2947, 1, 65_535, "gpsd's port");
    public static final Key<Path> REPLAY_FILE = Key.path("gps.replay.file", null, "recorded NMEA log to play")
            .allowing("required for replay");
    public static final Key<Double> REPLAY_SPEED = Key.number("gps.replay.speed", 1, 0, 1000,
                    "playback speed, times real time; 0 or max = as fast as possible")
            .parsedBy(GpsKeys::parseSpeed, "number or max").allowing("0..1000; 0 or max = as fast as possible");
    public static final Key<Boolean> REPLAY_LOOP = Key.choice("gps.replay.loop", List.of(true, false),
            String::valueOf, false, "at the end start again").parsedBy(GpsKeys::parseBoolean, "boolean");
    public static final Key<ReplayTimes> REPLAY_TIMES = Key.choice("gps.replay.times",
            List.of(ReplayTimes.values()), ReplayTimes::key, ReplayTimes.REBASE, "what times a replayed fix carries");
    public static final Key<Path> SIM_GPX = Key.path("gps.sim.gpx", null, "GPX track or route to follow")
            .defaultShownAs("none (a generated city route)");
    public static final Key<Long> SIM_SEED = Key.longInteger("gps.sim.seed", 1, Long.MIN_VALUE, Long.MAX_VALUE,
            "seeds the position noise and picks a generated route").range(null, null, null).allowing("any");
    public static final Key<Double> SIM_SPEED_KMH = Key.number("gps.sim.speed-kmh", 18, 1, 60, "riding speed");
    public static final Key<Double> SIM_NOISE_M = Key.number("gps.sim.noise-m", 0, 0, 100,
            "standard deviation of the position error in metres");
    public static final Key<CityRoute.Point> SIM_START = Key.of("gps.sim.start", "lat,lon", GpsKeys::parsePoint,
                    p -> Units.formatNumber(p.lat()) + "," + Units.formatNumber(p.lon()),
                    new CityRoute.Point(52.3702, 4.8952), "near where the generated route starts")
            .rule(p -> Math.abs(p.lat()) <= 85 && Math.abs(p.lon()) <= 180 ? null
                    : p.lat() + "," + p.lon() + " is not lat,lon with |lat| <= 85 and |lon| <= 180")
            .allowing("|lat| <= 85, |lon| <= 180");
    public static final Key<Duration> SIM_PERIOD = duration("gps.sim.period", Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofSeconds(60), "time between simulated fixes");
    public static final Key<Duration> SIM_DROPOUT_EVERY = duration("gps.sim.dropout-every", Duration.ZERO,
            Duration.ZERO, null, "a simulated tunnel once per this; 0 = never");
    public static final Key<Duration> SIM_DROPOUT_LENGTH = duration("gps.sim.dropout-length", Duration.ofSeconds(20),
            Duration.ZERO, null, "each tunnel's length, less than gps.sim.dropout-every");
    public static final Key<Duration> TIMEOUT = duration("gps.timeout", Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofMinutes(10), "without data this long: NO_DATA and a reopen; without a fix: NO_FIX");
    public static final Key<Duration> BACKOFF_INITIAL = duration("gps.backoff.initial", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMinutes(1), "first wait before reopening a failed source");
    public static final Key<Duration> BACKOFF_MAX = duration("gps.backoff.max", Duration.ofSeconds(60),
            Duration.ofMillis(10), Duration.ofHours(1), "the cap of the reopen backoff, at least gps.backoff.initial");

    /** In the order docs/configuration.md lists them. */
    public static final List<Key<?>> ALL = List.of(SOURCE, DEVICE, BAUD, GPSD_HOST, GPSD_PORT, REPLAY_FILE,
            REPLAY_SPEED, REPLAY_LOOP, REPLAY_TIMES, SIM_GPX, SIM_SEED, SIM_SPEED_KMH, SIM_NOISE_M, SIM_START,
            SIM_PERIOD, SIM_DROPOUT_EVERY, SIM_DROPOUT_LENGTH, TIMEOUT, BACKOFF_INITIAL, BACKOFF_MAX);

    public static final Set<String> NAMES = Key.names(ALL);

    private GpsKeys() {
    }

    /** Text where empty is a mistake, not "the default" (a serial device, a host). */
    private static Key<String> nonEmpty(String name, String defaultValue, String doc) {
        return Key.of(name, "text", text -> text, text -> text, defaultValue, doc)
                .rule(text -> text.isBlank() ? "must not be empty" : null).allowing("not empty");
    }

    private static Key<Duration> duration(String name, Duration defaultValue, Duration min, Duration max, String doc) {
        return Key.duration(name, defaultValue, min, max, doc).parsedBy(GpsKeys::parseDuration, "duration");
    }

    private static double parseSpeed(String text) {
        if (text.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number or max");
        }
    }

    private static boolean parseBoolean(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("'" + text + "' is not one of true, false");
    }

    private static CityRoute.Point parsePoint(String text) {
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 2) {
                return new CityRoute.Point(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // Reported below, as any other shape that is not two numbers.
        }
        throw new IllegalArgumentException("'" + text + "' is not lat,lon such as 52.3702,4.8952");
    }

    /** ISO-8601 ({@code PT5S}), or a number (fractions too) with ms, s, m or h, or 0. */
    static Duration parseDuration(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
            for (String[] unit : units) {
                if (text.endsWith(unit[0]) && !(unit[0].equals("s") && text.endsWith("ms"))) {
                    String number = text.substring(0, text.length() - unit[0].length()).strip();
                    return Duration.ofMillis(Math.round(Double.parseDouble(number) * Long.parseLong(unit[1])));
                }
            }
            if (text.equals("0")) {
                return Duration.ZERO;
            }
        } catch (RuntimeException e) {
            // Reported below: a malformed number or ISO text is as unreadable as a missing unit.
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 5s, 2m or PT5S");
    }
}
