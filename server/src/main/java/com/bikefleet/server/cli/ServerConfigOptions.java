package com.bikefleet.server.cli;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.Key;
import com.bikefleet.model.config.KeyValues;
import com.bikefleet.server.config.ServerConfig;
import com.bikefleet.server.config.ServerKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that make up the server's settings: a config file, {@code --set key=value}, and the older
 * single-purpose options, which are turned into overrides of their keys so they are checked the same way
 * and win over the file and over {@code --set}.
 */
final class ServerConfigOptions {

    static final String PASSWORD_VARIABLE = "BIKEFLEET_KEYSTORE_PASSWORD";
    static final String STORE_PASSWORD_VARIABLE = "BIKEFLEET_STORE_PASSWORD";

    @Option(names = "--config", paramLabel = "FILE", description = "Server config file (key = value; docs/server.md).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--bind", description = "Address to listen on (key server.bind; default 127.0.0.1).")
    String bind;

    @Option(names = "--port", description = "TCP port; 0 picks a free one (key server.port; default 8080).")
    String port;

    @Option(names = "--data", description = "Folder for the database (key server.data; default data).")
    String data;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES",
            description = "Largest frame a bike may send; larger ones close with 1009 (key ingest.max-frame-bytes; default 262144).")
    String maxFrameBytes;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Seconds of silence before a bike is dropped (key ingest.idle-timeout; default 120).")
    String idleTimeoutSeconds;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with the server's certificate: serve wss:// and https:// (key tls.keystore).")
    String tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
            description = "The key store's password (key tls.keystore-password; default: the " + PASSWORD_VARIABLE
                    + " environment variable, so it does not show in the process list).")
    String tlsPassword;

    @Option(names = "--tls-keystore-type", description = "PKCS12 or JKS (key tls.keystore-type; default PKCS12).")
    String tlsType;

    /** Reads the file and applies the overrides; {@code extra} is one more override (or null). */
    ServerConfig load(String extra) throws ConfigException {
        List<KeyValues.Override> overrides = new ArrayList<>(KeyValues.numbered("--set", sets));
        flag(overrides, "--bind", ServerKeys.BIND, bind, "");
        flag(overrides, "--port", ServerKeys.PORT, port, "");
        flag(overrides, "--data", ServerKeys.DATA, data, "");
        // The old options take plain numbers; the keys take units.
        flag(overrides, "--max-frame-bytes", ServerKeys.MAX_FRAME_BYTES, maxFrameBytes, "B");
        flag(overrides, "--idle-timeout", ServerKeys.IDLE_TIMEOUT, idleTimeoutSeconds, "s");
        flag(overrides, "--tls-keystore", ServerKeys.KEYSTORE, tlsKeystore, "");
        flag(overrides, "--tls-keystore-password", ServerKeys.KEYSTORE_PASSWORD, tlsPassword, "");
        flag(overrides, "--tls-keystore-type", ServerKeys.KEYSTORE_TYPE, tlsType, "");
        if (extra != null) {
            overrides.add(new KeyValues.Override("--stats-every", extra));
        }
        return ServerConfig.load(configFile, overrides, System.getenv(PASSWORD_VARIABLE),
                System.getenv(STORE_PASSWORD_VARIABLE));
    }

    private static void flag(List<KeyValues.Override> overrides, String option, Key<?> key, String value,
                             String unit) {
        if (value != null) {
            overrides.add(new KeyValues.Override(option, key.name() + "=" + value + unit));
        }
    }
}
