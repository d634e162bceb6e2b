package com.bikefleet.agent.config;

import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.hardware.gps.GpsSettings;
import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.ConfigFile;
import com.bikefleet.model.config.ConfigReader;
import com.bikefleet.model.config.KeyValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, read from a {@code key = value} file with {@code #} comments. Parsing reports
 * every problem it finds, each as {@code FILE:LINE: message}, rather than stopping at the first. The
 * {@code gps.*} keys are handed to the hardware module's {@link GpsSettings}; docs/configuration.md
 * documents every key.
 *
 * @param bikeId          this bike's id, as provisioned
 * @param token           this bike's secret
 * @param serverUrl       the server's base URL (ws:// or wss://); the agent connects to
 *                        {@code <serverUrl>/ws/bikes/<bikeId>}
 * @param gps             where fixes come from
 * @param reportInterval  how often a fix is taken and reported
 * @param bufferPath      the outbox file
 * @param outbox          the outbox's bounds and durability
 * @param reconnectBase   the first reconnect delay's upper bound
 * @param reconnectCap    no reconnect delay exceeds this
 * @param pingInterval    how often the agent pings the server
 * @param pongTimeout     an unanswered ping this old means the link is dead
 * @param handshakeTimeout a connection attempt that has not opened after this long is given up
 * @param tls             which certificate authorities to trust for wss://
 * @param log             where to log
 */
public record AgentConfig(
        String bikeId,
        String token,
        URI serverUrl,
        GpsSettings gps,
        Duration reportInterval,
        Path bufferPath,
        OutboxSettings outbox,
        Duration reconnectBase,
        Duration reconnectCap,
        Duration pingInterval,
        Duration pongTimeout,
        Duration handshakeTimeout,
        TlsSettings tls,
        LogSettings log) {

    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private static final Pattern BIKE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern GPS_KEY = Pattern.compile("(gps\\.[a-z.-]+)");

    /** Reads and checks a config file. */
    public static AgentConfig load(Path file) throws ConfigException {
        return load(file, List.of());
    }

    /**
     * Reads and checks a config file with {@code key=value} overrides from the command line, which are
     * checked the same way and win over the file.
     */
    public static AgentConfig load(Path file, List<String> overrides) throws ConfigException {
        byte[] bytes = ConfigFile.load(file);
        return parse(file.toString(), bytes, overrides, false);
    }

    /**
     * As {@link #load(Path, List)}, and also checks the files the config names on this machine, as
     * {@code run} will use them: the outbox can be created, the GPS source's file can be read. What
     * {@code run} and {@code validate} load, so both report the same problems.
     */
    public static AgentConfig loadToRun(Path file, List<String> overrides) throws ConfigException {
        byte[] bytes = ConfigFile.load(file);
        return parse(file.toString(), bytes, overrides, true);
    }

    /** Parses config text; {@code source} names it in messages. */
    public static AgentConfig parse(String source, String text) throws ConfigException {
        return parse(source, text.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** Parses a config file's bytes and the command line's overrides, reporting every problem at once. */
    public static AgentConfig parse(String source, byte[] bytes, List<String> overrides) throws ConfigException {
        return parse(source, bytes, overrides, false);
    }

    private static AgentConfig parse(String source, byte[] bytes, List<String> overrides, boolean localFiles)
            throws ConfigException {
        List<String> errors = new ArrayList<>();
        KeyValues keyValues = KeyValues.collect(source, ConfigFile.read(source, bytes, errors),
                KeyValues.numbered("--set", overrides), AgentKeys.NAMES, errors);
        Reader reader = new Reader(source, keyValues.values(), keyValues.where(), errors,
                new ConfigReader(source, keyValues, errors));
        String bikeId = reader.required("bike.id");
        if (bikeId != null && !BIKE_ID.matcher(bikeId).matches()) {
            reader.error("bike.id", "'" + bikeId + "' is not a valid bike id (1-64 letters, digits, '.', '_', '-')");
        }
        String token = reader.required("bike.token");
        URI serverUrl = reader.url("server.url");
        Duration interval = reader.duration("report.interval", Duration.ofSeconds(10), MIN_INTERVAL, MAX_INTERVAL);
        String buffer = reader.optional("buffer.path", "/var/lib/bike-agent/outbox.db");
        long maxFixes = reader.number("buffer.max-fixes", OutboxSettings.DEFAULT_MAX_FIXES, 10, 10_000_000);
        long maxBytes = reader.size("buffer.max-bytes", OutboxSettings.DEFAULT_MAX_BYTES, 1024 * 1024,
                64L * 1024 * 1024 * 1024);
        OutboxSettings.Durability sync = reader.durability("buffer.sync");
        Duration base = reader.duration("reconnect.base", Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        Duration cap = reader.duration("reconnect.cap", Duration.ofSeconds(20), Duration.ofMillis(100),
                Duration.ofHours(1));
        if (cap.compareTo(base) < 0) {
            reader.error("reconnect.cap", "must not be below reconnect.base (" + base.toMillis() + "ms)");
        }
        Duration ping = reader.duration("link.ping-interval", Duration.ofSeconds(15), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        Duration pong = reader.duration("link.pong-timeout", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        Duration handshake = reader.duration("link.handshake-timeout", Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofMinutes(2));
        TlsSettings tls = reader.tls();
        LogSettings log = reader.log();
        GpsSettings gps = reader.gps();
        if (localFiles) {
            LocalFiles.check(reader.generic(), Path.of(buffer), gps);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(ProblemOrder.byLine(source, errors));
        }
        return new AgentConfig(bikeId, token, serverUrl, gps, interval, Path.of(buffer),
                new OutboxSettings(maxFixes, maxBytes, sync), base, cap, ping, pong, handshake, tls, log);
    }

    /** Parses a duration such as {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}. */
    public static Duration parseDuration(String text) {
        return ConfigReader.parseDuration(text);
    }

    /** Parses a size such as {@code 64MB}, {@code 512KB} or {@code 1GB} (powers of 1024). */
    public static long parseSize(String text) {
        return ConfigReader.parseSize(text);
    }

    /** The config with secrets masked, for the log. */
    public String describe() {
        return "bike.id=" + bikeId + " server.url=" + serverUrl + " bike.token=****"
                + " report.interval=" + reportInterval.toMillis() + "ms buffer.path=" + bufferPath
                + " buffer.max-fixes=" + outbox.maxFixes() + " buffer.max-bytes=" + outbox.maxBytes()
                + " buffer.sync=" + outbox.durability().name().toLowerCase(Locale.ROOT)
                + " reconnect.base=" + reconnectBase.toMillis() + "ms reconnect.cap=" + reconnectCap.toMillis()
                + "ms link.ping-interval=" + pingInterval.toMillis() + "ms link.pong-timeout="
                + pongTimeout.toMillis() + "ms link.handshake-timeout=" + handshakeTimeout.toMillis() + "ms " + tls + " log.level=" + log.level() + " log.file="
                + (log.file() == null ? "(console only)" : log.file()) + " " + gps;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The agent's own value types on top of the shared generic reader. */
    private record Reader(String source, Map<String, String> values, Map<String, String> where,
                          List<String> errors, ConfigReader generic) {

        String required(String key) {
            return generic.required(key);
        }

        String optional(String key, String fallback) {
            return generic.optional(key, fallback);
        }

        URI url(String key) {
            String value = required(key);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                    error(key, "'" + value + "' must be a ws:// or wss:// URL with a host");
                    return null;
                }
                return uri;
            } catch (URISyntaxException e) {
                error(key, "'" + value + "' is not a URL: " + e.getReason());
                return null;
            }
        }

        Duration duration(String key, Duration fallback, Duration min, Duration max) {
            return generic.duration(key, fallback, min, max);
        }

        long number(String key, long fallback, long min, long max) {
            return generic.number(key, fallback, min, max);
        }

        long size(String key, long fallback, long min, long max) {
            return generic.size(key, fallback, min, max);
        }

        OutboxSettings.Durability durability(String key) {
            String value = optional(key, "full");
            return switch (value) {
                case "full" -> OutboxSettings.Durability.FULL;
                case "normal" -> OutboxSettings.Durability.NORMAL;
                default -> {
                    error(key, "'" + value + "' is not one of full, normal");
                    yield OutboxSettings.Durability.FULL;
                }
            };
        }

        /** Hands the gps.* keys to the hardware module and files each problem under its key's line. */
        GpsSettings gps() {
            try {
                return GpsSettings.fromKeys(values);
            } catch (IllegalArgumentException e) {
                for (String problem : e.getMessage().split("; ")) {
                    Matcher key = GPS_KEY.matcher(problem);
                    String here = key.find() ? where.get(key.group(1)) : null;
                    errors.add((here == null ? source : here) + ": " + problem);
                }
                return null;
            }
        }

        TlsSettings tls() {
            String store = values.get("tls.truststore");
            String type = optional("tls.truststore-type", "PKCS12");
            if (!type.equals("PKCS12") && !type.equals("JKS")) {
                error("tls.truststore-type", "'" + type + "' is not one of PKCS12, JKS");
            }
            if (store == null || store.isEmpty()) {
                if (values.containsKey("tls.truststore-password")) {
                    error("tls.truststore-password", "is set but tls.truststore is not");
                }
                return TlsSettings.jvmDefaults();
            }
            Path path = Path.of(store);
            if (!Files.isReadable(path)) {
                error("tls.truststore", "cannot read '" + store + "'");
            }
            return new TlsSettings(path, values.get("tls.truststore-password"), type);
        }

        LogSettings log() {
            String level = optional("log.level", "info");
            if (!LOG_LEVELS.contains(level)) {
                error("log.level", "'" + level + "' is not one of trace, debug, info, warn, error");
                level = "info";
            }
            String file = values.get("log.file");
            long maxBytes = size("log.max-size", 10L * 1024 * 1024, 1024 * 1024, 1024L * 1024 * 1024);
            long backups = number("log.backups", 3, 0, 100);
            return new LogSettings(level, file == null || file.isEmpty() ? null : Path.of(file), maxBytes,
                    (int) backups);
        }

        void error(String key, String message) {
            generic.error(key, message);
        }
    }
}
