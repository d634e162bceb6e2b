package com.bikefleet.agent.config;

import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.sim.GpxRoute;
import com.bikefleet.model.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the files a config names on the machine that will run it, without touching the hardware: the
 * outbox can be created or written, and the GPS source's file exists and can be read. Without this,
 * {@code validate} said "valid" and {@code run} died at startup with a stack trace. Each problem is filed
 * under the line of its key. Nothing is created or changed.
 */
final class LocalFiles {

    private LocalFiles() {
    }

    static void check(ConfigReader reader, Path bufferPath, GpsSettings gps) {
        outbox(reader, bufferPath);
        if (gps == null) {
            return;
        }
        if (gps.source() == GpsSettings.Source.REPLAY && gps.replayFile() != null) {
            readable(reader, "gps.replay.file", gps.replayFile(), "the NMEA log");
        }
        if (gps.source() == GpsSettings.Source.SIMULATED && gps.simGpx() != null
                && readable(reader, "gps.sim.gpx", gps.simGpx(), "the GPX route")) {
            try {
                GpxRoute.read(gps.simGpx());
            } catch (IOException | IllegalArgumentException e) {
                reader.error("gps.sim.gpx", e.getMessage());
            }
        }
    }

    /**
     * The agent makes the outbox's missing folders and the file itself, and SQLite keeps its {@code -wal}
     * and {@code -shm} files next to it: the nearest folder that exists must be writable.
     */
    private static void outbox(ConfigReader reader, Path file) {
        String key = "buffer.path";
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            reader.error(key, "'" + file + "' is a folder; name the outbox file in it, e.g. " + file.resolve("outbox.db"));
            return;
        }
        boolean exists = Files.exists(absolute);
        if (exists && !Files.isWritable(absolute)) {
            reader.error(key, "cannot write the outbox '" + file + "': the file is read-only for this user");
            return;
        }
        Path folder = absolute.getParent();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        String cannot = exists ? "cannot use the outbox (SQLite writes its journal next to it): "
                : "cannot create the outbox: ";
        if (!Files.isDirectory(existing)) {
            reader.error(key, cannot + "the folder " + folder + " does not exist and cannot be made: " + existing
                    + " is not a folder");
        } else if (!Files.isWritable(existing)) {
            reader.error(key, cannot + "the folder " + (existing.equals(folder) ? folder + " is read-only for this user"
                    : folder + " does not exist and " + existing + " is read-only for this user (create the folder, "
                    + "owned by the agent's user)"));
        }
    }

    private static boolean readable(ConfigReader reader, String key, Path file, String what) {
        if (!Files.exists(file)) {
            reader.error(key, what + " '" + file + "' does not exist");
            return false;
        }
        if (!Files.isRegularFile(file)) {
            reader.error(key, what + " '" + file + "' is not a file");
            return false;
        }
        if (!Files.isReadable(file)) {
            reader.error(key, "cannot read " + what + " '" + file + "' as this user");
            return false;
        }
        return true;
    }
}
