package com.bikefleet.hardware.gps;

import com.bikefleet.hardware.sim.CityRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code gps.*} setting, immutable and checked as a whole: construction fails with one message
 * naming every problem. docs/configuration.md documents each key; {@link #fromKeys} maps them.
 *
 * @param source          {@code gps.source}: serial | tty | gpsd | replay | simulated; default serial
 * @param device          {@code gps.device}: serial device for serial and tty; default /dev/serial0
 * @param baud            {@code gps.baud}: 4800..921600; default 9600
 * @param gpsdHost        {@code gps.gpsd.host}: default localhost
 * @param gpsdPort        {@code gps.gpsd.port}: 1..65535; default 2947
 * @param replayFile      {@code gps.replay.file}: NMEA log; required for replay
 * @param replaySpeed     {@code gps.replay.speed}: 0..1000 times real time, 0 or "max" = as fast as
 *                        possible; default 1
 * @param replayLoop      {@code gps.replay.loop}: start again at the end; default false
 * @param replayTimes     {@code gps.replay.times}: rebase (the first fix at the present, spacing kept) or
 *                        recorded (the log's own times); default rebase
 * @param simGpx          {@code gps.sim.gpx}: GPX track or route to follow; default none (a generated
 *                        city route)
 * @param simSeed         {@code gps.sim.seed}: noise seed, also picks the generated route; default 1
 * @param simSpeedKmh     {@code gps.sim.speed-kmh}: 1..60; default 18
 * @param simNoiseMetres  {@code gps.sim.noise-m}: 0..100 metres standard deviation; default 0
 * @param simStart        {@code gps.sim.start}: "lat,lon" of the generated route; default 52.3702,4.8952
 * @param simPeriod       {@code gps.sim.period}: 100ms..60s between fixes; default 1s
 * @param simDropoutEvery {@code gps.sim.dropout-every}: a simulated tunnel once per this; 0 = never
 *                        (default)
 * @param simDropoutLength {@code gps.sim.dropout-length}: each tunnel's length, less than
 *                        dropout-every; default 20s
 * @param silenceTimeout  {@code gps.timeout}: 1s..10min without data before status NO_DATA and a
 *                        reopen (or without a fix before NO_FIX); default 5s
 * @param backoffInitial  {@code gps.backoff.initial}: 10ms..1min, first retry delay; default 1s
 * @param backoffMax      {@code gps.backoff.max}: backoff.initial..1h, retry delay cap; default 60s
 */
public record GpsSettings(
        Source source,
        String device,
        int baud,
        String gpsdHost,
        int gpsdPort,
        Path replayFile,
        double replaySpeed,
        boolean replayLoop,
        ReplayTimes replayTimes,
        Path simGpx,
        long simSeed,
        double simSpeedKmh,
        double simNoiseMetres,
        CityRoute.Point simStart,
        Duration simPeriod,
        Duration simDropoutEvery,
        Duration simDropoutLength,
        Duration silenceTimeout,
        Duration backoffInitial,
        Duration backoffMax) {

    /** Every key {@link #fromKeys} understands, for config checkers and documentation checks. */
    public static final List<String> KEYS = List.of(
            "gps.source", "gps.device", "gps.baud", "gps.gpsd.host", "gps.gpsd.port",
            "gps.replay.file", "gps.replay.speed", "gps.replay.loop", "gps.replay.times",
            "gps.sim.gpx", "gps.sim.seed", "gps.sim.speed-kmh", "gps.sim.noise-m", "gps.sim.start",
            "gps.sim.period", "gps.sim.dropout-every", "gps.sim.dropout-length",
            "gps.timeout", "gps.backoff.initial", "gps.backoff.max");

    /** Where fixes come from: {@code gps.source}. */
    public enum Source {
        /** Pi4J with the pigpio provider: Raspberry Pi 1-4, as root. */
        SERIAL,
        /** A serial device read directly: Pi 5, USB dongles, laptops. */
        TTY,
        /** A running gpsd. */
        GPSD,
        /** A recorded NMEA log. */
        REPLAY,
        /** A simulated ride. */
        SIMULATED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What times a replayed fix carries: {@code gps.replay.times}. */
    public enum ReplayTimes {
        /** The first fix at the present (the system clock, read once when it is played), spacing kept. */
        REBASE,
        /** The log's own times, as decoded. */
        RECORDED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GpsSettings {
        List<String> problems = new ArrayList<>();
        check(problems, source != null, "gps.source is required");
        check(problems, device != null && !device.isBlank(), "gps.device must not be empty");
        check(problems, baud >= 4800 && baud <= 921_600, "gps.baud must be 4800..921600, was " + baud);
        check(problems, gpsdHost != null && !gpsdHost.isBlank(), "gps.gpsd.host must not be empty");
        check(problems, gpsdPort >= 1 && gpsdPort <= 65_535, "gps.gpsd.port must be 1..65535, was " + gpsdPort);
        check(problems, source != Source.REPLAY || replayFile != null, "gps.replay.file is required for gps.source = replay");
        check(problems, replayTimes != null, "gps.replay.times must be rebase or recorded");
        check(problems, replaySpeed >= 0 && replaySpeed <= 1000, "gps.replay.speed must be 0..1000, was " + replaySpeed);
        check(problems, simSpeedKmh >= 1 && simSpeedKmh <= 60, "gps.sim.speed-kmh must be 1..60, was " + simSpeedKmh);
        check(problems, simNoiseMetres >= 0 && simNoiseMetres <= 100, "gps.sim.noise-m must be 0..100, was " + simNoiseMetres);
        check(problems, simStart != null && Math.abs(simStart.lat()) <= 85 && Math.abs(simStart.lon()) <= 180,
                "gps.sim.start must be lat,lon with |lat| <= 85 and |lon| <= 180, was " + simStart);
        check(problems, between(simPeriod, Duration.ofMillis(100), Duration.ofSeconds(60)),
                "gps.sim.period must be 100ms..60s, was " + simPeriod);
        check(problems, simDropoutEvery != null && !simDropoutEvery.isNegative(),
                "gps.sim.dropout-every must be >= 0, was " + simDropoutEvery);
        check(problems, simDropoutLength != null && !simDropoutLength.isNegative()
                        && (simDropoutEvery == null || simDropoutEvery.isZero() || simDropoutLength.compareTo(simDropoutEvery) < 0),
                "gps.sim.dropout-length must be >= 0 and less than gps.sim.dropout-every, was " + simDropoutLength);
        check(problems, between(silenceTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                "gps.timeout must be 1s..10min, was " + silenceTimeout);
        check(problems, between(backoffInitial, Duration.ofMillis(10), Duration.ofMinutes(1)),
                "gps.backoff.initial must be 10ms..1min, was " + backoffInitial);
        check(problems, backoffInitial != null && between(backoffMax, backoffInitial, Duration.ofHours(1)),
                "gps.backoff.max must be gps.backoff.initial..1h, was " + backoffMax);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every setting at its default. */
    public static GpsSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double simSpeedMps() {
        return simSpeedKmh / 3.6;
    }

    /** For logs: the effective values, one line. */
    @Override
    public String toString() {
        return "gps.source=" + source.key() + " gps.device=" + device + " gps.baud=" + baud + " gps.gpsd="
                + gpsdHost + ":" + gpsdPort + " gps.replay.file=" + replayFile + " gps.replay.speed=" + replaySpeed
                + " gps.replay.loop=" + replayLoop + " gps.replay.times=" + replayTimes.key() + " gps.sim.gpx=" + simGpx + " gps.sim.seed=" + simSeed
                + " gps.sim.speed-kmh=" + simSpeedKmh + " gps.sim.noise-m=" + simNoiseMetres + " gps.sim.start="
                + simStart.lat() + "," + simStart.lon() + " gps.sim.period=" + simPeriod + " gps.sim.dropout-every="
                + simDropoutEvery + " gps.sim.dropout-length=" + simDropoutLength + " gps.timeout=" + silenceTimeout
                + " gps.backoff.initial=" + backoffInitial + " gps.backoff.max=" + backoffMax;
    }

    /**
     * Settings from {@code gps.*} keys and their text values (keys not starting with {@code gps.} are
     * ignored, so a whole config may be passed). Durations are ISO-8601 ({@code PT5S}) or a number with
     * a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}.
     *
     * @throws IllegalArgumentException naming every unknown key and bad value at once
     */
    public static GpsSettings fromKeys(Map<String, String> values) {
        Builder b = builder();
        List<String> problems = new ArrayList<>();
        values.forEach((key, value) -> {
            if (!key.startsWith("gps.")) {
                return;
            }
            String v = value.strip();
            try {
                switch (key) {
                    case "gps.source" -> b.source(parseSource(v));
                    case "gps.device" -> b.device(v);
                    case "gps.baud" -> b.baud(Integer.parseInt(v));
                    case "gps.gpsd.host" -> b.gpsdHost(v);
                    case "gps.gpsd.port" -> b.gpsdPort(Integer.parseInt(v));
                    case "gps.replay.file" -> b.replayFile(Path.of(v));
                    case "gps.replay.speed" -> b.replaySpeed(v.equalsIgnoreCase("max") ? 0 : Double.parseDouble(v));
                    case "gps.replay.loop" -> b.replayLoop(parseBoolean(v));
                    case "gps.replay.times" -> b.replayTimes(parseReplayTimes(v));
                    case "gps.sim.gpx" -> b.simGpx(v.isEmpty() ? null : Path.of(v));
                    case "gps.sim.seed" -> b.simSeed(Long.parseLong(v));
                    case "gps.sim.speed-kmh" -> b.simSpeedKmh(Double.parseDouble(v));
                    case "gps.sim.noise-m" -> b.simNoiseMetres(Double.parseDouble(v));
                    case "gps.sim.start" -> b.simStart(parsePoint(v));
                    case "gps.sim.period" -> b.simPeriod(parseDuration(v));
                    case "gps.sim.dropout-every" -> b.simDropoutEvery(parseDuration(v));
                    case "gps.sim.dropout-length" -> b.simDropoutLength(parseDuration(v));
                    case "gps.timeout" -> b.silenceTimeout(parseDuration(v));
                    case "gps.backoff.initial" -> b.backoffInitial(parseDuration(v));
                    case "gps.backoff.max" -> b.backoffMax(parseDuration(v));
                    default -> problems.add("unknown key " + key);
                }
            } catch (RuntimeException e) {
                problems.add(key + ": cannot read '" + value + "'" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            }
        });
        try {
            GpsSettings settings = b.build();
            if (problems.isEmpty()) {
                return settings;
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        throw new IllegalArgumentException(String.join("; ", problems));
    }

    private static Source parseSource(String v) {
        for (Source s : Source.values()) {
            if (s.key().equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("one of serial, tty, gpsd, replay, simulated");
    }

    private static ReplayTimes parseReplayTimes(String v) {
        for (ReplayTimes t : ReplayTimes.values()) {
            if (t.key().equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("rebase or recorded");
    }

    private static boolean parseBoolean(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("true or false");
    }

    private static CityRoute.Point parsePoint(String v) {
        String[] parts = v.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("lat,lon");
        }
        return new CityRoute.Point(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
    }

    static Duration parseDuration(String v) {
        if (v.startsWith("P") || v.startsWith("p")) {
            return Duration.parse(v);
        }
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}};
        for (String[] unit : units) {
            if (v.endsWith(unit[0]) && !(unit[0].equals("s") && v.endsWith("ms"))) {
                String number = v.substring(0, v.length() - unit[0].length()).strip();
                return Duration.ofMillis(Math.round(Double.parseDouble(number) * Long.parseLong(unit[1])));
            }
        }
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        throw new IllegalArgumentException("a duration such as 500ms, 5s, 2m or PT5S");
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean between(Duration d, Duration min, Duration max) {
        return d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
    }

    /** Starts from the defaults; {@link #build} checks everything at once. */
    public static final class Builder {
        private Source source = Source.SERIAL;
        private String device = "/dev/serial0";
        private int baud = 9600;
        private String gpsdHost = "localhost";
        private int gpsdPort = 2947;
        private Path replayFile;
        private double replaySpeed = 1.0;
        private boolean replayLoop;
        private ReplayTimes replayTimes = ReplayTimes.REBASE;
        private Path simGpx;
        private long simSeed = 1;
        private double simSpeedKmh = 18;
        private double simNoiseMetres;
        private CityRoute.Point simStart = new CityRoute.Point(52.3702, 4.8952);
        private Duration simPeriod = Duration.ofSeconds(1);
        private Duration simDropoutEvery = Duration.ZERO;
        private Duration simDropoutLength = Duration.ofSeconds(20);
        private Duration silenceTimeout = Duration.ofSeconds(5);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder source(Source v) { source = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder baud(int v) { baud = v; return this; }
        public Builder gpsdHost(String v) { gpsdHost = v; return this; }
        public Builder gpsdPort(int v) { gpsdPort = v; return this; }
        public Builder replayFile(Path v) { replayFile = v; return this; }
        public Builder replaySpeed(double v) { replaySpeed = v; return this; }
        public Builder replayLoop(boolean v) { replayLoop = v; return this; }
        public Builder replayTimes(ReplayTimes v) { replayTimes = v; return this; }
        public Builder simGpx(Path v) { simGpx = v; return this; }
        public Builder simSeed(long v) { simSeed = v; return this; }
        public Builder simSpeedKmh(double v) { simSpeedKmh = v; return this; }
        public Builder simNoiseMetres(double v) { simNoiseMetres = v; return this; }
        public Builder simStart(CityRoute.Point v) { simStart = v; return this; }
        public Builder simPeriod(Duration v) { simPeriod = v; return this; }
        public Builder simDropoutEvery(Duration v) { simDropoutEvery = v; return this; }
        public Builder simDropoutLength(Duration v) { simDropoutLength = v; return this; }
        public Builder silenceTimeout(Duration v) { silenceTimeout = v; return this; }
        public Builder backoffInitial(Duration v) { backoffInitial = v; return this; }
        public Builder backoffMax(Duration v) { backoffMax = v; return this; }

        public GpsSettings build() {
            return new GpsSettings(source, device, baud, gpsdHost, gpsdPort, replayFile, replaySpeed, replayLoop,
                    replayTimes, simGpx, simSeed, simSpeedKmh, simNoiseMetres, simStart, simPeriod, simDropoutEvery,
                    simDropoutLength, silenceTimeout, backoffInitial, backoffMax);
        }
    }
}
