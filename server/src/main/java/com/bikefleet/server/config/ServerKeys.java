package com.bikefleet.server.config;

import com.bikefleet.model.config.ConfigKey;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every key of the server's config file, in one place; docs/server.md lists the same (a test checks). */
public final class ServerKeys {

    public static final String BIND = "server.bind";
    public static final String PORT = "server.port";
    public static final String DATA = "server.data";
    public static final String MAX_FRAME_BYTES = "ingest.max-frame-bytes";
    public static final String IDLE_TIMEOUT = "ingest.idle-timeout";
    public static final String HTTP_REQUEST_TIMEOUT = "http.request-timeout";
    public static final String HTTP_KEEP_ALIVE_TIMEOUT = "http.keep-alive-timeout";
    public static final String MAX_FIXES_PER_BATCH = "ingest.max-fixes-per-batch";
    public static final String MAX_MESSAGES_PER_SECOND = "ingest.max-messages-per-second";
    public static final String BURST = "ingest.burst";
    public static final String RATE_LIMIT_GRACE = "ingest.rate-limit-grace";
    public static final String QUEUE_CAPACITY = "store.queue-capacity";
    public static final String MAX_COMMIT_GROUP = "store.max-commit-group";
    public static final String RETENTION_DAYS = "store.retention-days";
    public static final String STORE_URL = "store.url";
    public static final String STORE_USER = "store.user";
    public static final String STORE_PASSWORD = "store.password";
    public static final String STORE_POOL_SIZE = "store.pool-size";
    public static final String INSTANCE_ID = "server.instance-id";
    public static final String REDIS_URL = "backplane.redis-url";
    public static final String PRESENCE_TTL = "backplane.presence-ttl";
    public static final String KEYSTORE = "tls.keystore";
    public static final String KEYSTORE_PASSWORD = "tls.keystore-password";
    public static final String KEYSTORE_TYPE = "tls.keystore-type";
    public static final String STATS_EVERY = "stats.every";
    public static final String LIVE_BATCH_INTERVAL = "live.batch-interval";
    public static final String LIVE_SEND_TIMEOUT = "live.send-timeout";
    public static final String LIVE_MAX_PENDING_UPDATES = "live.max-pending-updates";
    public static final String LIVE_SOCKET_SEND_BUFFER = "live.socket-send-buffer";
    public static final String MAP_TILE_URL = "map.tile-url";
    public static final String MAP_TILE_ATTRIBUTION = "map.tile-attribution";

    public static final List<ConfigKey> ALL = List.of(
            new ConfigKey(BIND, "host", "127.0.0.1", "an address or host name of this machine; 0.0.0.0 for all"),
            new ConfigKey(PORT, "integer", "8080", "0..65535; 0 picks a free port"),
            new ConfigKey(DATA, "path", "data", "a folder (created if missing)"),
            new ConfigKey(MAX_FRAME_BYTES, "size", "256KB", "1KB..16MB"),
            new ConfigKey(IDLE_TIMEOUT, "duration", "120s", "1s..1h"),
            new ConfigKey(HTTP_REQUEST_TIMEOUT, "duration", "10s", "1s..5m"),
            new ConfigKey(HTTP_KEEP_ALIVE_TIMEOUT, "duration", "30s", "1s..1h"),
            new ConfigKey(MAX_FIXES_PER_BATCH, "integer", "1000", "1..100000"),
            new ConfigKey(MAX_MESSAGES_PER_SECOND, "integer", "200", "1..100000"),
            new ConfigKey(BURST, "integer", "400", "1..1000000"),
            new ConfigKey(RATE_LIMIT_GRACE, "duration", "5s", "1s..10m"),
            new ConfigKey(QUEUE_CAPACITY, "integer", "10000", "1..1000000"),
            new ConfigKey(MAX_COMMIT_GROUP, "integer", "500", "1..100000, at most store.queue-capacity"),
            new ConfigKey(RETENTION_DAYS, "integer", "0 (keep forever)", "0..36500"),
            new ConfigKey(STORE_URL, "url", "none (SQLite in server.data)", "jdbc:postgresql://HOST[:PORT]/DATABASE[?...]"),
            new ConfigKey(STORE_USER, "text", "from the URL", "a PostgreSQL user; needs store.url"),
            new ConfigKey(STORE_PASSWORD, "secret", "$BIKEFLEET_STORE_PASSWORD", "the PostgreSQL password; needs store.url"),
            new ConfigKey(STORE_POOL_SIZE, "integer", "8", "1..200; PostgreSQL connections per instance"),
            new ConfigKey(INSTANCE_ID, "text", "server-<8 random hex digits>", "1-64 of A-Z a-z 0-9 . _ -, unique per instance"),
            new ConfigKey(REDIS_URL, "url", "none (one instance)", "redis://HOST:PORT[/DB]; needs store.url"),
            new ConfigKey(PRESENCE_TTL, "duration", "30s", "3s..10m"),
            new ConfigKey(KEYSTORE, "path", "none (plain ws:// and http://)", "a readable PKCS12 or JKS file"),
            new ConfigKey(KEYSTORE_PASSWORD, "secret", "$BIKEFLEET_KEYSTORE_PASSWORD", "the key store's password"),
            new ConfigKey(KEYSTORE_TYPE, "enum", "PKCS12", "PKCS12, JKS"),
            new ConfigKey(STATS_EVERY, "duration", "0s (never)", "0s..1h"),
            new ConfigKey(LIVE_BATCH_INTERVAL, "duration", "25ms", "10ms..10s"),
            new ConfigKey(LIVE_SEND_TIMEOUT, "duration", "10s", "1s..10m, longer than live.batch-interval"),
            new ConfigKey(LIVE_MAX_PENDING_UPDATES, "integer", "100000", "1..10000000"),
            new ConfigKey(LIVE_SOCKET_SEND_BUFFER, "size", "64KB", "0..64MB; 0 keeps the system's size"),
            new ConfigKey(MAP_TILE_URL, "url", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                    "http(s) URL with {z}, {x} and {y}; none for no tiles (plain background)"),
            new ConfigKey(MAP_TILE_ATTRIBUTION, "text", "© OpenStreetMap contributors",
                    "the credit the tile provider asks for, shown on the map"));

    public static final Set<String> NAMES = ALL.stream().map(ConfigKey::name)
            .collect(Collectors.toUnmodifiableSet());

    private ServerKeys() {
    }
}
