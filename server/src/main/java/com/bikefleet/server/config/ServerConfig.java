package com.bikefleet.server.config;

import static com.bikefleet.server.config.ServerKeys.BIND;
import static com.bikefleet.server.config.ServerKeys.BURST;
import static com.bikefleet.server.config.ServerKeys.DATA;
import static com.bikefleet.server.config.ServerKeys.IDLE_TIMEOUT;
import static com.bikefleet.server.config.ServerKeys.KEYSTORE;
import static com.bikefleet.server.config.ServerKeys.KEYSTORE_PASSWORD;
import static com.bikefleet.server.config.ServerKeys.KEYSTORE_TYPE;
import static com.bikefleet.server.config.ServerKeys.MAX_COMMIT_GROUP;
import static com.bikefleet.server.config.ServerKeys.MAX_FIXES_PER_BATCH;
import static com.bikefleet.server.config.ServerKeys.MAX_FRAME_BYTES;
import static com.bikefleet.server.config.ServerKeys.MAX_MESSAGES_PER_SECOND;
import static com.bikefleet.server.config.ServerKeys.PORT;
import static com.bikefleet.server.config.ServerKeys.QUEUE_CAPACITY;
import static com.bikefleet.server.config.ServerKeys.RETENTION_DAYS;
import static com.bikefleet.server.config.ServerKeys.RATE_LIMIT_GRACE;
import static com.bikefleet.server.config.ServerKeys.STATS_EVERY;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.ConfigFile;
import com.bikefleet.model.config.ConfigReader;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.KeyValues;
import com.bikefleet.server.ServerSettings;
import com.bikefleet.server.backplane.BackplaneSettings;
import com.bikefleet.server.live.LiveSettings;
import com.bikefleet.server.store.StoreSettings;
import com.bikefleet.server.map.MapSettings;
import com.bikefleet.server.http.HttpTimeouts;
import com.bikefleet.server.http.KeyStores;
import com.bikefleet.server.ingest.IngestLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The server's config: a {@code key = value} file (optional) with command-line overrides on top, read and
 * checked in one pass that reports every problem as {@code FILE:LINE: message}. Every key's type, default
 * and range is declared once in {@link ServerKeys}. The key store is opened
 * here too, so a wrong password is reported with the line that named the store, before anything starts.
 *
 * @param settings    what the server runs with
 * @param keystore    the key store's file, or null without TLS (for the log; the context is in settings)
 * @param keystoreType the key store's format
 * @param hasPassword whether a key store password was given (the password itself is not kept)
 * @param statsEvery  how often to print a stats line; zero for never
 * @param live        the live fan-out's knobs
 * @param map         the live map's tile layer
 * @param store       SQLite (default) or a PostgreSQL database
 * @param backplane   this instance's id and the Redis that joins it to others (URL null for one instance)
 */
public record ServerConfig(ServerSettings settings, Path keystore, String keystoreType, boolean hasPassword,
                           Duration statsEvery, LiveSettings live, MapSettings map, StoreSettings store,
                           BackplaneSettings backplane) {

    /** Where the config came from when no file was given: only overrides and defaults. */
    public static final String NO_FILE = "(no config file)";

    /** Reads and checks a config file (or none, when {@code file} is null) and the overrides. */
    public static ServerConfig load(Path file, List<KeyValues.Override> overrides, String environmentPassword)
            throws ConfigException {
        return load(file, overrides, environmentPassword, null);
    }

    /** As above; {@code storePassword} is the PostgreSQL password from the environment, or null. */
    public static ServerConfig load(Path file, List<KeyValues.Override> overrides, String environmentPassword,
                                    String storePassword) throws ConfigException {
        if (file == null) {
            return parse(NO_FILE, new byte[0], overrides, environmentPassword, storePassword);
        }
        byte[] bytes = ConfigFile.load(file);
        return parse(file.toString(), bytes, overrides, environmentPassword, storePassword);
    }

    /**
     * Parses a config file's bytes and the overrides, reporting every problem at once.
     *
     * @param environmentPassword the key store password from the environment, used when neither the file
     *                            nor an override sets {@code tls.keystore-password}; may be null
     */
    public static ServerConfig parse(String source, byte[] bytes, List<KeyValues.Override> overrides,
                                     String environmentPassword) throws ConfigException {
        return parse(source, bytes, overrides, environmentPassword, null);
    }

    /** As above; {@code environmentStorePassword} is used when {@code store.password} is not set. */
    public static ServerConfig parse(String source, byte[] bytes, List<KeyValues.Override> overrides,
                                     String environmentPassword, String environmentStorePassword)
            throws ConfigException {
        List<String> errors = new ArrayList<>();
        KeyValues keyValues = KeyValues.collect(source, ConfigFile.read(source, bytes, errors), overrides,
                ServerKeys.NAMES, errors);
        ConfigReader reader = new ConfigReader(source, keyValues, errors);

        String bind = reader.get(BIND);
        int port = reader.get(PORT);
        Path data = reader.get(DATA);
        if (Files.exists(data) && !Files.isDirectory(data)) {
            reader.error(DATA.name(), "'" + data + "' exists and is not a folder");
        }
        int maxFrame = reader.get(MAX_FRAME_BYTES).intValue();
        Duration idle = reader.get(IDLE_TIMEOUT);
        HttpTimeouts httpTimeouts = new HttpTimeouts(reader.get(ServerKeys.HTTP_REQUEST_TIMEOUT),
                reader.get(ServerKeys.HTTP_KEEP_ALIVE_TIMEOUT));
        int maxFixes = reader.get(MAX_FIXES_PER_BATCH);
        int perSecond = reader.get(MAX_MESSAGES_PER_SECOND);
        int burst = reader.get(BURST);
        Duration grace = reader.get(RATE_LIMIT_GRACE);
        int queue = reader.get(QUEUE_CAPACITY);
        long retentionDays = reader.get(RETENTION_DAYS);
        int group = reader.get(MAX_COMMIT_GROUP);
        if (group > queue) {
            reader.error(MAX_COMMIT_GROUP.name(), group + " must not exceed store.queue-capacity (" + queue + ")");
        }
        Duration stats = reader.get(STATS_EVERY);
        Duration batchInterval = reader.get(ServerKeys.LIVE_BATCH_INTERVAL);
        Duration sendTimeout = reader.get(ServerKeys.LIVE_SEND_TIMEOUT);
        if (sendTimeout.compareTo(batchInterval) <= 0) {
            reader.error(ServerKeys.LIVE_SEND_TIMEOUT.name(), "must be longer than live.batch-interval");
        }
        int maxPending = reader.get(ServerKeys.LIVE_MAX_PENDING_UPDATES);
        int sendBuffer = reader.get(ServerKeys.LIVE_SOCKET_SEND_BUFFER).intValue();

        StoreSettings storeSettings = store(reader, environmentStorePassword);
        BackplaneSettings backplane = backplane(reader, storeSettings);
        String tileUrl = reader.get(ServerKeys.MAP_TILE_URL);
        if (tileUrl.equalsIgnoreCase("none")) {
            tileUrl = "";
        }
        String tileProblem = MapSettings.problem(tileUrl);
        if (tileProblem != null) {
            reader.error(ServerKeys.MAP_TILE_URL.name(), tileProblem);
        }
        String attribution = reader.get(ServerKeys.MAP_TILE_ATTRIBUTION);

        String type = reader.get(KEYSTORE_TYPE);
        String password = reader.isSet(KEYSTORE_PASSWORD.name()) ? reader.get(KEYSTORE_PASSWORD) : environmentPassword;
        Path keystore = reader.get(KEYSTORE);
        SSLContext tls = null;
        if (keystore == null) {
            if (reader.isSet(KEYSTORE_PASSWORD.name())) {
                reader.error(KEYSTORE_PASSWORD.name(), "is set but tls.keystore is not");
            }
        } else if (!Files.isReadable(keystore)) {
            reader.error(KEYSTORE.name(), "cannot read '" + keystore + "'");
        } else {
            try {
                tls = KeyStores.serverContext(keystore, password, type);
            } catch (IllegalArgumentException e) {
                reader.error(KEYSTORE.name(), e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        ServerSettings settings = new ServerSettings(bind, port, data, maxFrame, idle, queue, group, tls,
                new IngestLimits(maxFixes, perSecond, burst, grace), Duration.ofDays(retentionDays), httpTimeouts);
        LiveSettings live = new LiveSettings(batchInterval, sendTimeout, maxPending, sendBuffer);
        return new ServerConfig(settings, keystore, type, password != null && !password.isEmpty(), stats, live,
                new MapSettings(tileUrl, attribution), storeSettings, backplane);
    }

    private static StoreSettings store(ConfigReader reader, String environmentPassword) {
        int poolSize = reader.get(ServerKeys.STORE_POOL_SIZE);
        String url = reader.get(ServerKeys.STORE_URL);
        String user = reader.get(ServerKeys.STORE_USER);
        String password = reader.isSet(ServerKeys.STORE_PASSWORD.name()) ? reader.get(ServerKeys.STORE_PASSWORD)
                : environmentPassword;
        if (url == null) {
            for (Key<?> key : List.of(ServerKeys.STORE_USER, ServerKeys.STORE_PASSWORD, ServerKeys.STORE_POOL_SIZE)) {
                if (reader.isSet(key.name())) {
                    reader.error(key.name(), "is set but store.url is not (SQLite needs no " + key.name() + ")");
                }
            }
            return StoreSettings.SQLITE;
        }
        if (!url.startsWith(StoreSettings.POSTGRES_PREFIX) || url.length() == StoreSettings.POSTGRES_PREFIX.length()) {
            reader.error(ServerKeys.STORE_URL.name(), "'" + url.replaceAll("(?i)password=[^&]*", "password=****")
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE)");
            return StoreSettings.SQLITE;
        }
        return new StoreSettings(url, user, password, poolSize);
    }

    private static BackplaneSettings backplane(ConfigReader reader, StoreSettings store) {
        String instanceId = reader.get(ServerKeys.INSTANCE_ID);
        if (instanceId == null) {
            instanceId = "server-" + java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());
        }
        Duration ttl = reader.get(ServerKeys.PRESENCE_TTL);
        String redis = reader.get(ServerKeys.REDIS_URL);
        if (redis != null && store.url() == null) {
            reader.error(ServerKeys.REDIS_URL.name(),
                    "several instances must share their data: set store.url to a PostgreSQL database too");
        }
        return new BackplaneSettings(redis, instanceId, ttl);
    }

    /** Every effective setting as {@code key=value}, secrets masked, for the startup log. */
    public String describe() {
        ServerSettings s = settings;
        IngestLimits l = s.limits();
        return BIND + "=" + s.bindAddress() + " " + PORT + "=" + s.port() + " " + DATA + "=" + s.dataDir()
                + " " + MAX_FRAME_BYTES + "=" + s.maxFrameBytes() + "B " + IDLE_TIMEOUT + "="
                + s.idleTimeout().toMillis() + "ms " + MAX_FIXES_PER_BATCH + "=" + l.maxFixesPerBatch() + " "
                + MAX_MESSAGES_PER_SECOND + "=" + l.messagesPerSecond() + " " + BURST + "=" + l.burst() + " "
                + RATE_LIMIT_GRACE + "=" + l.rateLimitGrace().toMillis() + "ms " + RETENTION_DAYS + "="
                + s.retention().toDays() + " " + QUEUE_CAPACITY + "="
                + s.storeQueueCapacity() + " " + MAX_COMMIT_GROUP + "=" + s.maxCommitGroup() + " " + KEYSTORE + "="
                + (keystore == null ? "(none)" : keystore) + " " + KEYSTORE_PASSWORD + "="
                + (hasPassword ? "****" : "(none)") + " " + KEYSTORE_TYPE + "=" + keystoreType + " " + STATS_EVERY
                + "=" + statsEvery.toMillis() + "ms " + ServerKeys.LIVE_BATCH_INTERVAL + "=" + live.batchInterval().toMillis()
                + "ms " + ServerKeys.LIVE_SEND_TIMEOUT + "=" + live.sendTimeout().toMillis() + "ms "
                + ServerKeys.LIVE_MAX_PENDING_UPDATES + "=" + live.maxPendingUpdates() + " "
                + ServerKeys.LIVE_SOCKET_SEND_BUFFER + "=" + live.socketSendBuffer() + "B "
                + ServerKeys.MAP_TILE_URL + "=" + (map.tileUrl().isEmpty() ? "(none)" : map.tileUrl()) + " store=" + store
                + " " + ServerKeys.INSTANCE_ID + "=" + backplane.instanceId() + " " + ServerKeys.REDIS_URL + "="
                + (backplane.redisUrl() == null ? "(none)" : backplane.redisUrl().replaceAll("//[^@/]*@", "//****@"))
                + " " + ServerKeys.PRESENCE_TTL + "=" + backplane.presenceTtl().toMillis() + "ms";
    }

    @Override
    public String toString() {
        return describe();
    }
}
