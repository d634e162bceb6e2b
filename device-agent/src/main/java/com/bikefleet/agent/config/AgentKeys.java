package com.bikefleet.agent.config;

import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.agent.outbox.OutboxSettings.Durability;
import com.bikefleet.hardware.gps.setup.GpsKeys;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.KeyNames;
import com.bikefleet.model.config.KeyProblem;
import com.bikefleet.model.protocol.CommandName;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every key of the agent's config file, each with its type, default, range and doc, in one place:
 * {@link AgentConfig} reads them, {@code BikeAgent.Builder} takes its defaults and checks from them, and a
 * test compares them with docs/configuration.md. The {@code gps.*} keys belong to the hardware module
 * ({@link GpsKeys}).
 */
public final class AgentKeys {

    private static final Pattern BIKE_ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long MB = 1024L * 1024;

    public static final Key<String> BIKE_ID = Key.text("bike.id", null, "this bike's id, as provisioned").required()
            .rule(id -> BIKE_ID_PATTERN.matcher(id).matches() ? null
                    : "'" + id + "' is not a valid bike id (1-64 letters, digits, '.', '_', '-')")
            .allowing("1-64 of A-Z a-z 0-9 . _ -");
    public static final Key<String> TOKEN = Key.secret("bike.token", "this bike's secret").required()
            .allowing("as provisioned");
    public static final Key<URI> SERVER_URL = Key.of("server.url", "URL", AgentKeys::serverUrl, URI::toString, null,
            "the server's base URL").required().allowing("ws:// or wss:// with a host");
    public static final Key<Duration> REPORT_INTERVAL = Key.duration("report.interval", Duration.ofSeconds(10),
            CommandName.MIN_INTERVAL, CommandName.MAX_INTERVAL, "how often a fix is taken and reported");
    public static final Key<Path> BUFFER_PATH = Key.path("buffer.path", Path.of("/var/lib/bike-agent/outbox.db"),
            "the outbox file").allowing("a writable file");
    public static final Key<Long> BUFFER_MAX_FIXES = Key.longInteger("buffer.max-fixes",
            OutboxSettings.DEFAULT_MAX_FIXES, 10, 10_000_000, "fixes kept at most");
    public static final Key<Long> BUFFER_MAX_BYTES = Key.size("buffer.max-bytes", OutboxSettings.DEFAULT_MAX_BYTES,
            MB, 64 * 1024 * MB, "database bytes in use at most");
    public static final Key<Durability> BUFFER_SYNC = Key.choice("buffer.sync", List.of(Durability.values()),
            d -> d.name().toLowerCase(Locale.ROOT), Durability.FULL, "whether each fix reaches the card at once");
    public static final Key<Duration> RECONNECT_BASE = Key.duration("reconnect.base", Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofMinutes(10), "the first reconnect delay's upper bound");
    public static final Key<Duration> RECONNECT_CAP = Key.duration("reconnect.cap", Duration.ofSeconds(20),
            Duration.ofMillis(100), Duration.ofHours(1), "no reconnect delay exceeds this")
            .allowing("100ms..1h, >= reconnect.base");
    public static final Key<Duration> PING_INTERVAL = Key.duration("link.ping-interval", Duration.ofSeconds(15),
            Duration.ofMillis(100), Duration.ofMinutes(10), "how often the agent pings the server");
    public static final Key<Duration> PONG_TIMEOUT = Key.duration("link.pong-timeout", Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofMinutes(10), "an unanswered ping this old means the link is dead");
    public static final Key<Duration> HANDSHAKE_TIMEOUT = Key.duration("link.handshake-timeout",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2),
            "a connection attempt not open after this long is given up");
    public static final Key<Path> TRUSTSTORE = Key.path("tls.truststore", null, "the CAs trusted for wss://")
            .defaultShownAs("none (the JVM's trusted CAs)").allowing("a readable PKCS12 or JKS file");
    public static final Key<String> TRUSTSTORE_PASSWORD = Key.secret("tls.truststore-password",
            "the trust store's password").allowing("the trust store's password");
    public static final Key<String> TRUSTSTORE_TYPE = Key.oneOf("tls.truststore-type", List.of("PKCS12", "JKS"),
            "PKCS12", "the trust store's format");
    public static final Key<String> LOG_LEVEL = Key.oneOf("log.level",
            List.of("trace", "debug", "info", "warn", "error"), "info", "the least severe messages logged");
    public static final Key<Path> LOG_FILE = Key.path("log.file", null, "a file to log to besides the console")
            .defaultShownAs("none (console only)").allowing("a writable file");
    public static final Key<Long> LOG_MAX_SIZE = Key.size("log.max-size", 10 * MB, MB, 1024 * MB,
            "a log file is rolled over at this size");
    public static final Key<Integer> LOG_BACKUPS = Key.integer("log.backups", 3, 0, 100, "log files kept in all");

    /** The agent's own keys, in the order docs/configuration.md lists them. */
    public static final List<Key<?>> AGENT = List.of(BIKE_ID, TOKEN, SERVER_URL, REPORT_INTERVAL, BUFFER_PATH,
            BUFFER_MAX_FIXES, BUFFER_MAX_BYTES, BUFFER_SYNC, RECONNECT_BASE, RECONNECT_CAP, PING_INTERVAL,
            PONG_TIMEOUT, HANDSHAKE_TIMEOUT, TRUSTSTORE, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, LOG_LEVEL, LOG_FILE,
            LOG_MAX_SIZE, LOG_BACKUPS);

    /** Every key the agent's file may hold: its own, then the GPS module's. */
    public static final List<Key<?>> ALL = all();

    /** Every key name the agent accepts, its own and the GPS module's. */
    public static final Set<String> NAMES = Key.names(ALL);

    private AgentKeys() {
    }

    private static List<Key<?>> all() {
        List<Key<?>> all = new ArrayList<>(AGENT);
        all.addAll(GpsKeys.ALL);
        return List.copyOf(all);
    }

    /** The known key closest to a mistyped one, or null when none is close enough to be a likely typo. */
    public static String closest(String unknown) {
        return KeyNames.closest(unknown, NAMES);
    }

    /** The rule across the two reconnect keys, for the file reader and the SDK's builder alike. */
    public static void checkReconnect(Duration base, Duration cap, List<KeyProblem> problems) {
        if (base != null && cap != null && cap.compareTo(base) < 0) {
            problems.add(new KeyProblem(RECONNECT_CAP.name(), "must not be below reconnect.base ("
                    + RECONNECT_BASE.format(base) + ")"));
        }
    }

    private static URI serverUrl(String text) {
        try {
            URI uri = new URI(text);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' must be a ws:// or wss:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
    }
}
