package com.bikefleet.server.cli;

import com.bikefleet.model.config.ConfigReader;
import com.bikefleet.server.registry.AgentConfigTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import picocli.CommandLine.Option;

/** What goes into a bike's config file, shared by {@code provision} and {@code rotate}. */
final class AgentConfigOptions {

    private static final Set<String> GPS_SOURCES = Set.of("serial", "tty", "gpsd", "replay", "simulated");

    @Option(names = "--url", required = true,
            description = "The server's URL as the bike reaches it, e.g. wss://fleet.example.com.")
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

    @Option(names = "--replay-file", paramLabel = "PATH",
            description = "gps.replay.file on the bike: the NMEA log to play; required with --gps replay.")
    String replayFile;

    @Option(names = "--log-file", defaultValue = "/var/lib/bike-agent/log/agent.log",
            description = "log.file on the bike; empty for console only (default: ${DEFAULT-VALUE}).")
    String logFile;

    /** Makes a token in the registry; a bike that cannot get one is an IllegalArgumentException. */
    @FunctionalInterface
    interface TokenIssuer {
        String issue(com.bikefleet.server.registry.BikeRegistry registry, String bikeId);
    }

    /**
     * The flow provision and rotate share: check the options, get a token, write the config. Returns the
     * exit status: 0, or 2 with the reason on stderr.
     *
     * @param overwrite whether an existing {@code --out} file may be replaced; when not, it is refused
     *                  before a token is made, so neither the file's token nor a new one is lost
     */
    int issueAndWrite(RegistryOptions registry, String bikeId, TokenIssuer issuer, String done, boolean overwrite)
            throws Exception {
        String problem = problem();
        if (problem == null && !overwrite && Files.exists(out)) {
            problem = out + " exists (it may hold a bike's token): not overwritten, nothing registered. "
                    + "Write to another --out, or add --force to replace it.";
        }
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        String token;
        try (com.bikefleet.server.registry.BikeRegistry bikes = registry.open()) {
            token = issuer.issue(bikes, bikeId);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        write(bikeId, token);
        System.out.println(done.replace("{out}", out.toString()));
        return 0;
    }

    /** Returns the problem with the options, or null when they are fine. */
    String problem() {
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            return "--url must start with ws:// or wss://, was " + url;
        }
        if (!GPS_SOURCES.contains(gpsSource)) {
            return "--gps must be one of " + GPS_SOURCES + ", was " + gpsSource;
        }
        boolean replay = "replay".equals(gpsSource);
        if (replay && (replayFile == null || replayFile.isBlank())) {
            return "--gps replay needs --replay-file PATH: the NMEA log on the bike (gps.replay.file)";
        }
        if (!replay && replayFile != null) {
            return "--replay-file is only for --gps replay, was --gps " + gpsSource;
        }
        try {
            ConfigReader.parseDuration(interval);
        } catch (IllegalArgumentException e) {
            return "--interval must be a duration such as 500ms, 10s or 2m, was " + interval;
        }
        return null;
    }

    /** Writes the config, readable by its owner only where the file system allows: it holds the token. */
    void write(String bikeId, String token) throws IOException {
        String config = AgentConfigTemplate.render(bikeId, token, url, bufferPath, interval,
                ConfigReader.parseDuration(interval), gpsSource, replayFile, logFile, Clock.systemUTC());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, config, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (a FAT SD card mounted on Windows): nothing to restrict.
        }
    }
}
