package com.bikefleet.server.cli;

import com.bikefleet.server.registry.AgentConfigTemplate;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.SqliteDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Registers a bike with a fresh token and writes its ready-to-flash agent config. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Register a bike (or give it a new token) and write its agent config file.")
final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "The server's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--bike", required = true, description = "The bike's id.")
    String bikeId;

    @Option(names = "--url", required = true, description = "The server's URL as the bike reaches it, e.g. ws://fleet.example.com:8080.")
    URI url;

    @Option(names = "--out", required = true, description = "Where to write the agent config file.")
    Path out;

    @Option(names = "--buffer", defaultValue = "/var/lib/bike-agent/outbox.db",
            description = "The outbox file on the bike (default: ${DEFAULT-VALUE}).")
    String bufferPath;

    @Option(names = "--interval", defaultValue = "10s", description = "Report interval (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--gps", defaultValue = "serial",
            description = "gps.source of the bike: serial, tty, gpsd, replay or simulated (default: ${DEFAULT-VALUE}).")
    String gpsSource;

    private static final java.util.Set<String> GPS_SOURCES = java.util.Set.of("serial", "tty", "gpsd", "replay",
            "simulated");
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Integer call() throws Exception {
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            System.err.println("--url must start with ws:// or wss://, was " + url);
            return 2;
        }
        if (!GPS_SOURCES.contains(gpsSource)) {
            System.err.println("--gps must be one of " + GPS_SOURCES + ", was " + gpsSource);
            return 2;
        }
        java.util.regex.Matcher m = DURATION.matcher(interval);
        if (!m.matches()) {
            System.err.println("--interval must be a duration such as 500ms, 10s or 2m, was " + interval);
            return 2;
        }
        long amount = Long.parseLong(m.group(1));
        java.time.Duration intervalAt = switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(amount);
            case "s" -> java.time.Duration.ofSeconds(amount);
            case "m" -> java.time.Duration.ofMinutes(amount);
            default -> java.time.Duration.ofHours(amount);
        };
        try {
            BikeRegistry.requireValidId(bikeId);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        String token;
        try (BikeRegistry registry = new BikeRegistry(database, new SecureRandom(), Clock.systemUTC())) {
            token = registry.issueToken(bikeId);
        }
        String config = AgentConfigTemplate.render(bikeId, token, url, bufferPath, interval, intervalAt, gpsSource,
                Clock.systemUTC());
        writePrivate(out, config);
        System.out.println("Registered bike " + bikeId + "; its config is in " + out);
        return 0;
    }

    /** The file holds a secret: readable by its owner only, where the file system allows. */
    private static void writePrivate(Path file, String content) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (a FAT SD card mounted on Windows): nothing to restrict.
        }
    }
}
