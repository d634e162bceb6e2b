package com.bikefleet.agent.config;

import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.ConfigFile;
import com.bikefleet.model.config.ConfigReader;
import com.bikefleet.model.config.InvalidSettingsException;
import com.bikefleet.model.config.KeyProblem;
import com.bikefleet.model.config.KeyValues;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's settings, read from a {@code key = value} file with {@code #} comments. Parsing reports
 * every problem it finds, each as {@code FILE:LINE: message}, rather than stopping at the first. Every
 * key's type, default and range is declared once in {@link AgentKeys}; the {@code gps.*} keys are handed to
 * the hardware module's {@link GpsSettings}. docs/configuration.md documents every key.
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
        ConfigReader reader = new ConfigReader(source, keyValues, errors);
        String bikeId = reader.get(AgentKeys.BIKE_ID);
        String token = reader.get(AgentKeys.TOKEN);
        URI serverUrl = reader.get(AgentKeys.SERVER_URL);
        Duration interval = reader.get(AgentKeys.REPORT_INTERVAL);
        Path buffer = reader.get(AgentKeys.BUFFER_PATH);
        OutboxSettings outbox = new OutboxSettings(reader.get(AgentKeys.BUFFER_MAX_FIXES),
                reader.get(AgentKeys.BUFFER_MAX_BYTES), reader.get(AgentKeys.BUFFER_SYNC));
        Duration base = reader.get(AgentKeys.RECONNECT_BASE);
        Duration cap = reader.get(AgentKeys.RECONNECT_CAP);
        List<KeyProblem> crossKey = new ArrayList<>();
        AgentKeys.checkReconnect(base, cap, crossKey);
        reader.file(crossKey);
        Duration ping = reader.get(AgentKeys.PING_INTERVAL);
        Duration pong = reader.get(AgentKeys.PONG_TIMEOUT);
        Duration handshake = reader.get(AgentKeys.HANDSHAKE_TIMEOUT);
        TlsSettings tls = tls(reader);
        LogSettings log = new LogSettings(reader.get(AgentKeys.LOG_LEVEL), reader.get(AgentKeys.LOG_FILE),
                reader.get(AgentKeys.LOG_MAX_SIZE), reader.get(AgentKeys.LOG_BACKUPS));
        GpsSettings gps = gps(reader);
        if (localFiles) {
            LocalFiles.check(reader, buffer, gps);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(ProblemOrder.byLine(source, errors));
        }
        return new AgentConfig(bikeId, token, serverUrl, gps, interval, buffer, outbox, base, cap, ping, pong,
                handshake, tls, log);
    }

    /** The gps.* keys through the hardware module; its problems come back as values, each filed under its key. */
    private static GpsSettings gps(ConfigReader reader) {
        try {
            return GpsSettings.fromKeys(reader.values());
        } catch (InvalidSettingsException e) {
            reader.file(e.problems());
            return null;
        }
    }

    private static TlsSettings tls(ConfigReader reader) {
        Path store = reader.get(AgentKeys.TRUSTSTORE);
        String type = reader.get(AgentKeys.TRUSTSTORE_TYPE);
        if (store == null) {
            if (reader.isSet(AgentKeys.TRUSTSTORE_PASSWORD.name())) {
                reader.error(AgentKeys.TRUSTSTORE_PASSWORD.name(), "is set but tls.truststore is not");
            }
            return TlsSettings.jvmDefaults();
        }
        if (!Files.isReadable(store)) {
            reader.error(AgentKeys.TRUSTSTORE.name(), "cannot read '" + store + "'");
        }
        return new TlsSettings(store, reader.get(AgentKeys.TRUSTSTORE_PASSWORD), type);
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
}
