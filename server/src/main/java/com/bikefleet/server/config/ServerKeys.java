package com.bikefleet.server.config;

import com.bikefleet.model.config.Key;
import com.bikefleet.server.ServerSettings;
import com.bikefleet.server.backplane.BackplaneSettings;
import com.bikefleet.server.http.HttpTimeouts;
import com.bikefleet.server.ingest.IngestLimits;
import com.bikefleet.server.live.LiveSettings;
import com.bikefleet.server.map.MapSettings;
import com.bikefleet.server.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every key of the server's config file, each with its type, default, range and doc, in one place:
 * {@link ServerConfig} reads them, and a test compares them with docs/server.md. Defaults that a settings
 * record also needs (for tests and embedders that build one directly) are that record's constants.
 */
public final class ServerKeys {

    private static final long KB = 1024;
    private static final long MB = KB * 1024;

    public static final Key<String> BIND = Key.text("server.bind", "127.0.0.1", "where to listen")
            .rule(bind -> bind.chars().anyMatch(Character::isWhitespace)
                    ? "'" + bind + "' is not an address or host name" : null)
            .allowing("an address or host name of this machine; 0.0.0.0 for all");
    public static final Key<Integer> PORT = Key.integer("server.port", ServerSettings.DEFAULT_PORT, 0, 65535,
            "TCP port for WebSocket and HTTP; 0 picks a free port");
    public static final Key<Path> DATA = Key.path("server.data", Path.of("data"), "where bikefleet.db lives")
            .allowing("a folder (created if missing)");
    public static final Key<Long> MAX_FRAME_BYTES = Key.size("ingest.max-frame-bytes",
            ServerSettings.DEFAULT_MAX_FRAME_BYTES, KB, 16 * MB, "a larger frame from a bike is refused with 1009");
    public static final Key<Duration> IDLE_TIMEOUT = Key.duration("ingest.idle-timeout",
            ServerSettings.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1),
            "a bike silent this long is disconnected");
    public static final Key<Duration> HTTP_REQUEST_TIMEOUT = Key.duration("http.request-timeout",
            HttpTimeouts.DEFAULTS.requestHead(), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "a new connection's request head must be complete within this");
    public static final Key<Duration> HTTP_KEEP_ALIVE_TIMEOUT = Key.duration("http.keep-alive-timeout",
            HttpTimeouts.DEFAULTS.keepAliveIdle(), Duration.ofSeconds(1), Duration.ofHours(1),
            "the next request head on a kept-alive connection must be complete within this");
    public static final Key<Integer> MAX_FIXES_PER_BATCH = Key.integer("ingest.max-fixes-per-batch",
            IngestLimits.DEFAULTS.maxFixesPerBatch(), 1, 100_000, "fixes in one positions batch at most");
    public static final Key<Integer> MAX_MESSAGES_PER_SECOND = Key.integer("ingest.max-messages-per-second",
            IngestLimits.DEFAULTS.messagesPerSecond(), 1, 100_000, "frames one bike may send per second on average");
    public static final Key<Integer> BURST = Key.integer("ingest.burst", IngestLimits.DEFAULTS.burst(), 1, 1_000_000,
            "frames one bike may send at once above that rate");
    public static final Key<Duration> RATE_LIMIT_GRACE = Key.duration("ingest.rate-limit-grace",
            IngestLimits.DEFAULTS.rateLimitGrace(), Duration.ofSeconds(1), Duration.ofMinutes(10),
            "a bike refused for this long is disconnected");
    public static final Key<Integer> QUEUE_CAPACITY = Key.integer("store.queue-capacity",
            ServerSettings.DEFAULT_STORE_QUEUE_CAPACITY, 1, 1_000_000, "writes waiting in each of the store's lanes");
    public static final Key<Integer> MAX_COMMIT_GROUP = Key.integer("store.max-commit-group",
            ServerSettings.DEFAULT_MAX_COMMIT_GROUP, 1, 100_000, "batches written in one transaction at most")
            .allowing("1..100000, at most store.queue-capacity");
    public static final Key<Long> RETENTION_DAYS = Key.longInteger("store.retention-days", 0, 0, 36_500,
            "fixes older than this many days are deleted").defaultShownAs("0 (keep forever)");
    public static final Key<String> STORE_URL = Key.text("store.url", null, "a PostgreSQL database instead of SQLite")
            .defaultShownAs("none (SQLite in server.data)").allowing("jdbc:postgresql://HOST[:PORT]/DATABASE[?...]");
    public static final Key<String> STORE_USER = Key.text("store.user", null, "the PostgreSQL user")
            .defaultShownAs("from the URL").allowing("a PostgreSQL user; needs store.url");
    public static final Key<String> STORE_PASSWORD = Key.secret("store.password", "the PostgreSQL password")
            .defaultShownAs("$BIKEFLEET_STORE_PASSWORD").allowing("the PostgreSQL password; needs store.url");
    public static final Key<Integer> STORE_POOL_SIZE = Key.integer("store.pool-size", StoreSettings.DEFAULT_POOL_SIZE,
            1, 200, "PostgreSQL connections per instance");
    public static final Key<String> INSTANCE_ID = Key.text("server.instance-id", null, "this instance's name")
            .rule(id -> BackplaneSettings.INSTANCE_ID.matcher(id).matches() ? null : "'" + id
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            .defaultShownAs("server-<8 random hex digits>").allowing("1-64 of A-Z a-z 0-9 . _ -, unique per instance");
    public static final Key<String> REDIS_URL = Key.text("backplane.redis-url", null, "the Redis joining instances")
            .rule(url -> url.matches("rediss?://[^\\s]+") ? null
                    : "'" + url + "' is not a Redis URL (redis://HOST:PORT)")
            .defaultShownAs("none (one instance)").allowing("redis://HOST:PORT[/DB]; needs store.url");
    public static final Key<Duration> PRESENCE_TTL = Key.duration("backplane.presence-ttl",
            BackplaneSettings.DEFAULT_PRESENCE_TTL, Duration.ofSeconds(3), Duration.ofMinutes(10),
            "a bike's presence lives this long without a refresh");
    public static final Key<Path> KEYSTORE = Key.path("tls.keystore", null, "the server's certificate and key")
            .defaultShownAs("none (plain ws:// and http://)").allowing("a readable PKCS12 or JKS file");
    public static final Key<String> KEYSTORE_PASSWORD = Key.secret("tls.keystore-password", "the key store's password")
            .defaultShownAs("$BIKEFLEET_KEYSTORE_PASSWORD").allowing("the key store's password");
    public static final Key<String> KEYSTORE_TYPE = Key.oneOf("tls.keystore-type", List.of("PKCS12", "JKS"),
            "PKCS12", "the key store's format");
    public static final Key<Duration> STATS_EVERY = Key.duration("stats.every", Duration.ZERO, Duration.ZERO,
            Duration.ofHours(1), "how often to print a stats line; 0s for never");
    public static final Key<Duration> LIVE_BATCH_INTERVAL = Key.duration("live.batch-interval",
            LiveSettings.defaults().batchInterval(), Duration.ofMillis(10), Duration.ofSeconds(10),
            "live updates gather this long before a listener's next frame");
    public static final Key<Duration> LIVE_SEND_TIMEOUT = Key.duration("live.send-timeout",
            LiveSettings.defaults().sendTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10),
            "a listener whose frame has not gone out after this long is closed")
            .allowing("1s..10m, longer than live.batch-interval");
    public static final Key<Integer> LIVE_MAX_PENDING_UPDATES = Key.integer("live.max-pending-updates",
            LiveSettings.defaults().maxPendingUpdates(), 1, 10_000_000, "a listener with more waiting is closed");
    public static final Key<Long> LIVE_SOCKET_SEND_BUFFER = Key.size("live.socket-send-buffer",
            LiveSettings.defaults().socketSendBuffer(), 0, 64 * MB, "a listener socket's send buffer; 0 keeps the system's");
    public static final Key<String> MAP_TILE_URL = Key.text("map.tile-url", MapSettings.DEFAULT_TILE_URL,
            "where the live map loads its tiles").allowing("http(s) URL with {z}, {x} and {y}; none for no tiles");
    public static final Key<String> MAP_TILE_ATTRIBUTION = Key.text("map.tile-attribution",
            MapSettings.DEFAULT_ATTRIBUTION, "the credit the tile provider asks for").allowing("any text");

    /** In the order docs/server.md lists them. */
    public static final List<Key<?>> ALL = List.of(BIND, PORT, DATA, MAX_FRAME_BYTES, IDLE_TIMEOUT,
            HTTP_REQUEST_TIMEOUT, HTTP_KEEP_ALIVE_TIMEOUT, MAX_FIXES_PER_BATCH, MAX_MESSAGES_PER_SECOND, BURST,
            RATE_LIMIT_GRACE, QUEUE_CAPACITY, MAX_COMMIT_GROUP, RETENTION_DAYS, STORE_URL, STORE_USER, STORE_PASSWORD,
            STORE_POOL_SIZE, INSTANCE_ID, REDIS_URL, PRESENCE_TTL, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE,
            STATS_EVERY, LIVE_BATCH_INTERVAL, LIVE_SEND_TIMEOUT, LIVE_MAX_PENDING_UPDATES, LIVE_SOCKET_SEND_BUFFER,
            MAP_TILE_URL, MAP_TILE_ATTRIBUTION);

    public static final Set<String> NAMES = Key.names(ALL);

    private ServerKeys() {
    }
}
