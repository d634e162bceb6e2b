package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.LogSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Configures tinylog from the config file's {@code log.*} keys: the console always (journald under
 * systemd), and with {@code log.file} a rolling file capped at {@code log.max-size} with
 * {@code log.backups} older files, so the SD card never fills up. Must run before the first log line.
 */
final class LogSetup {

    static final String FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {class-name}: {message}";

    private LogSetup() {
    }

    static Map<String, String> tinylogProperties(LogSettings log) {
        Map<String, String> p = new LinkedHashMap<>();
        // The agent shuts tinylog down itself, after its own last words (see shutdown()).
        p.put("autoshutdown", "false");
        p.put("level", log.level());
        p.put("level@org.glassfish", "warn");
        p.put("writer1", "console");
        p.put("writer1.stream", "err");
        p.put("writer1.format", FORMAT);
        if (log.file() != null) {
            Path file = log.file().toAbsolutePath();
            String name = file.getFileName().toString();
            String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
            p.put("writer2", "rolling file");
            p.put("writer2.file", file.resolveSibling(stem + ".{count}.log").toString());
            p.put("writer2.latest", file.toString());
            p.put("writer2.policies", "size: " + Math.max(1, log.maxBytes() / 1024) + "KB");
            p.put("writer2.backups", Integer.toString(log.backups()));
            p.put("writer2.format", FORMAT);
        }
        return p;
    }

    /** Flushes and closes the log writers; the last thing the agent's shutdown hook does. */
    static void shutdown() {
        try {
            org.tinylog.provider.ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void apply(LogSettings log) {
        if (log.file() != null) {
            try {
                java.nio.file.Files.createDirectories(log.file().toAbsolutePath().getParent());
            } catch (java.io.IOException e) {
                System.err.println("cannot create the log folder of " + log.file() + ": " + e.getMessage());
            }
        }
        Configuration.replace(tinylogProperties(log));
    }
}
