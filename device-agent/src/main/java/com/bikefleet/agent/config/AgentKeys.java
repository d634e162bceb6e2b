package com.bikefleet.agent.config;

import com.bikefleet.hardware.gps.GpsSettings;
import com.bikefleet.model.config.ConfigKey;
import com.bikefleet.model.config.KeyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every key of the agent's config file, in one place. The {@code gps.*} keys belong to the hardware module. */
public final class AgentKeys {

    public static final List<ConfigKey> AGENT = List.of(
            new ConfigKey("bike.id", "text", "required", "1-64 of A-Z a-z 0-9 . _ -"),
            new ConfigKey("bike.token", "secret", "required", "as provisioned"),
            new ConfigKey("server.url", "URL", "required", "ws:// or wss:// with a host"),
            new ConfigKey("report.interval", "duration", "10s", "100ms..1h"),
            new ConfigKey("buffer.path", "path", "/var/lib/bike-agent/outbox.db", "a writable file"),
            new ConfigKey("buffer.max-fixes", "integer", "100000", "10..10000000"),
            new ConfigKey("buffer.max-bytes", "size", "32MB", "1MB..64GB"),
            new ConfigKey("buffer.sync", "enum", "full", "full, normal"),
            new ConfigKey("reconnect.base", "duration", "1s", "100ms..10m"),
            new ConfigKey("reconnect.cap", "duration", "20s", "100ms..1h, >= reconnect.base"),
            new ConfigKey("link.ping-interval", "duration", "15s", "100ms..10m"),
            new ConfigKey("link.pong-timeout", "duration", "30s", "100ms..10m"),
            new ConfigKey("link.handshake-timeout", "duration", "10s", "1s..2m"),
            new ConfigKey("tls.truststore", "path", "none (the JVM's trusted CAs)", "a readable PKCS12 or JKS file"),
            new ConfigKey("tls.truststore-password", "secret", "none", "the trust store's password"),
            new ConfigKey("tls.truststore-type", "enum", "PKCS12", "PKCS12, JKS"),
            new ConfigKey("log.level", "enum", "info", "trace, debug, info, warn, error"),
            new ConfigKey("log.file", "path", "none (console only)", "a writable file"),
            new ConfigKey("log.max-size", "size", "10MB", "1MB..1GB"),
            new ConfigKey("log.backups", "integer", "3", "0..100"));

    /** Every key name the agent accepts, its own and the GPS module's. */
    public static final Set<String> NAMES = names();

    private AgentKeys() {
    }

    private static Set<String> names() {
        List<String> all = new ArrayList<>(AGENT.stream().map(ConfigKey::name).toList());
        all.addAll(GpsSettings.KEYS);
        return all.stream().collect(Collectors.toUnmodifiableSet());
    }

    /** The known key closest to a mistyped one, or null when none is close enough to be a likely typo. */
    public static String closest(String unknown) {
        return KeyNames.closest(unknown, NAMES);
    }
}
