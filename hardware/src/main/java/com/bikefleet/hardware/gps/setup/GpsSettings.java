package com.bikefleet.hardware.gps.setup;

import com.bikefleet.hardware.sim.CityRoute;
import com.bikefleet.model.config.InvalidSettingsException;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.KeyProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every {@code gps.*} setting, immutable and checked as a whole: construction fails with an
 * {@link InvalidSettingsException} holding every problem. Each field's key, default and range are declared
 * once in {@link GpsKeys}; {@link #fromKeys} reads them, the builder starts from their defaults.
 *
 * @param source          {@code gps.source}
 * @param device          {@code gps.device}: serial device for serial and tty
 * @param baud            {@code gps.baud}
 * @param gpsdHost        {@code gps.gpsd.host}
 * @param gpsdPort        {@code gps.gpsd.port}
 * @param replayFile      {@code gps.replay.file}: NMEA log; required for replay
 * @param replaySpeed     {@code gps.replay.speed}: times real time, 0 = as fast as possible
 * @param replayLoop      {@code gps.replay.loop}: start again at the end
 * @param replayTimes     {@code gps.replay.times}
 * @param simGpx          {@code gps.sim.gpx}: GPX track or route to follow, or null for a generated route
 * @param simSeed         {@code gps.sim.seed}: noise seed, also picks the generated route
 * @param simSpeedKmh     {@code gps.sim.speed-kmh}
 * @param simNoiseMetres  {@code gps.sim.noise-m}: standard deviation
 * @param simStart        {@code gps.sim.start}: where the generated route starts
 * @param simPeriod       {@code gps.sim.period}: between fixes
 * @param simDropoutEvery {@code gps.sim.dropout-every}: a simulated tunnel once per this; zero = never
 * @param simDropoutLength {@code gps.sim.dropout-length}: each tunnel's length, less than dropout-every
 * @param silenceTimeout  {@code gps.timeout}: without data this long, status NO_DATA and a reopen (without a
 *                        fix, NO_FIX)
 * @param backoffInitial  {@code gps.backoff.initial}: first retry delay
 * @param backoffMax      {@code gps.backoff.max}: retry delay cap, at least backoffInitial
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
        List<KeyProblem> problems = new ArrayList<>();
        GpsKeys.SOURCE.check(source, problems);
        GpsKeys.DEVICE.check(device, problems);
        GpsKeys.BAUD.check(baud, problems);
        GpsKeys.GPSD_HOST.check(gpsdHost, problems);
        GpsKeys.GPSD_PORT.check(gpsdPort, problems);
        if (source == Source.REPLAY && replayFile == null) {
            problems.add(new KeyProblem(GpsKeys.REPLAY_FILE.name(), "is required for gps.source = replay"));
        }
        GpsKeys.REPLAY_SPEED.check(replaySpeed, problems);
        GpsKeys.REPLAY_TIMES.check(replayTimes, problems);
        GpsKeys.SIM_SPEED_KMH.check(simSpeedKmh, problems);
        GpsKeys.SIM_NOISE_M.check(simNoiseMetres, problems);
        GpsKeys.SIM_START.check(simStart, problems);
        GpsKeys.SIM_PERIOD.check(simPeriod, problems);
        GpsKeys.SIM_DROPOUT_EVERY.check(simDropoutEvery, problems);
        GpsKeys.SIM_DROPOUT_LENGTH.check(simDropoutLength, problems);
        if (simDropoutEvery != null && !simDropoutEvery.isZero() && simDropoutLength != null
                && simDropoutLength.compareTo(simDropoutEvery) >= 0) {
            problems.add(new KeyProblem(GpsKeys.SIM_DROPOUT_LENGTH.name(), "must be less than gps.sim.dropout-every ("
                    + GpsKeys.SIM_DROPOUT_EVERY.format(simDropoutEvery) + "), was "
                    + GpsKeys.SIM_DROPOUT_LENGTH.format(simDropoutLength)));
        }
        GpsKeys.TIMEOUT.check(silenceTimeout, problems);
        GpsKeys.BACKOFF_INITIAL.check(backoffInitial, problems);
        GpsKeys.BACKOFF_MAX.check(backoffMax, problems);
        if (backoffInitial != null && backoffMax != null && backoffMax.compareTo(backoffInitial) < 0) {
            problems.add(new KeyProblem(GpsKeys.BACKOFF_MAX.name(), "must not be below gps.backoff.initial ("
                    + GpsKeys.BACKOFF_INITIAL.format(backoffInitial) + "), was " + GpsKeys.BACKOFF_MAX.format(backoffMax)));
        }
        InvalidSettingsException.throwIfAny(problems);
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
     * ignored, so a whole config may be passed), each read with its {@link GpsKeys} key.
     *
     * @throws InvalidSettingsException naming every unknown key and bad value at once, each as a value
     */
    public static GpsSettings fromKeys(Map<String, String> values) {
        List<KeyProblem> problems = new ArrayList<>();
        values.keySet().stream().filter(key -> key.startsWith("gps.") && !GpsKeys.NAMES.contains(key)).sorted()
                .forEach(key -> problems.add(new KeyProblem(key, "unknown key")));
        Builder b = builder();
        Reading r = new Reading(values, problems);
        r.read(GpsKeys.SOURCE, b::source);
        r.read(GpsKeys.DEVICE, b::device);
        r.read(GpsKeys.BAUD, b::baud);
        r.read(GpsKeys.GPSD_HOST, b::gpsdHost);
        r.read(GpsKeys.GPSD_PORT, b::gpsdPort);
        r.read(GpsKeys.REPLAY_FILE, b::replayFile);
        r.read(GpsKeys.REPLAY_SPEED, b::replaySpeed);
        r.read(GpsKeys.REPLAY_LOOP, b::replayLoop);
        r.read(GpsKeys.REPLAY_TIMES, b::replayTimes);
        r.read(GpsKeys.SIM_GPX, b::simGpx);
        r.read(GpsKeys.SIM_SEED, b::simSeed);
        r.read(GpsKeys.SIM_SPEED_KMH, b::simSpeedKmh);
        r.read(GpsKeys.SIM_NOISE_M, b::simNoiseMetres);
        r.read(GpsKeys.SIM_START, b::simStart);
        r.read(GpsKeys.SIM_PERIOD, b::simPeriod);
        r.read(GpsKeys.SIM_DROPOUT_EVERY, b::simDropoutEvery);
        r.read(GpsKeys.SIM_DROPOUT_LENGTH, b::simDropoutLength);
        r.read(GpsKeys.TIMEOUT, b::silenceTimeout);
        r.read(GpsKeys.BACKOFF_INITIAL, b::backoffInitial);
        r.read(GpsKeys.BACKOFF_MAX, b::backoffMax);
        GpsSettings settings = null;
        try {
            settings = b.build();
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        InvalidSettingsException.throwIfAny(problems);
        return settings;
    }

    /** One pass over the text values: a value that reads is set, a problem is kept and the default stays. */
    private record Reading(Map<String, String> values, List<KeyProblem> problems) {
        <T> void read(Key<T> key, Consumer<T> setter) {
            String text = values.get(key.name());
            if (text != null) {
                key.read(text.strip(), problems).ifPresent(setter);
            }
        }
    }

    /** Starts from the defaults; {@link #build} checks everything at once. */
    public static final class Builder {
        private Source source = GpsKeys.SOURCE.defaultValue();
        private String device = GpsKeys.DEVICE.defaultValue();
        private int baud = GpsKeys.BAUD.defaultValue();
        private String gpsdHost = GpsKeys.GPSD_HOST.defaultValue();
        private int gpsdPort = GpsKeys.GPSD_PORT.defaultValue();
        private Path replayFile = GpsKeys.REPLAY_FILE.defaultValue();
        private double replaySpeed = GpsKeys.REPLAY_SPEED.defaultValue();
        private boolean replayLoop = GpsKeys.REPLAY_LOOP.defaultValue();
        private ReplayTimes replayTimes = GpsKeys.REPLAY_TIMES.defaultValue();
        private Path simGpx = GpsKeys.SIM_GPX.defaultValue();
        private long simSeed = GpsKeys.SIM_SEED.defaultValue();
        private double simSpeedKmh = GpsKeys.SIM_SPEED_KMH.defaultValue();
        private double simNoiseMetres = GpsKeys.SIM_NOISE_M.defaultValue();
        private CityRoute.Point simStart = GpsKeys.SIM_START.defaultValue();
        private Duration simPeriod = GpsKeys.SIM_PERIOD.defaultValue();
        private Duration simDropoutEvery = GpsKeys.SIM_DROPOUT_EVERY.defaultValue();
        private Duration simDropoutLength = GpsKeys.SIM_DROPOUT_LENGTH.defaultValue();
        private Duration silenceTimeout = GpsKeys.TIMEOUT.defaultValue();
        private Duration backoffInitial = GpsKeys.BACKOFF_INITIAL.defaultValue();
        private Duration backoffMax = GpsKeys.BACKOFF_MAX.defaultValue();

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
