package com.bikefleet.agent.cli;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.outbox.FixJournal;
import com.bikefleet.model.Position;
import com.bikefleet.model.config.ConfigException;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.sqlite.SQLiteConfig;

/** What a technician needs on the spot: connection, GPS, outbox. Reads files only; the agent keeps running. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the bike's connection, GPS state and outbox, as the running agent last recorded them.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "The agent config file.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        System.out.println("bike:        " + config.bikeId());
        System.out.println("server:      " + config.serverUrl());
        StatusFile statusFile = new StatusFile(config.bufferPath(), config.bikeId());
        JsonObject status = statusFile.read();
        if (status == null) {
            System.out.println("agent:       no status file (" + statusFile.path() + "): not running?");
        } else {
            if (status.has("stoppedAt")) {
                System.out.println("connection:  stopped: the agent shut down cleanly at "
                        + status.get("stoppedAt").getAsString());
            } else {
                String since = status.has("since") ? " since " + status.get("since").getAsString() : "";
                System.out.println("connection:  " + (status.get("connected").getAsBoolean() ? "connected"
                        : "not connected") + since);
            }
            System.out.println("gps:         " + status.get("gps").getAsString());
            if (status.has("lastFix")) {
                JsonObject fix = status.getAsJsonObject("lastFix");
                System.out.println("last fix:    " + fix.get("time").getAsString() + " at " + fix.get("lat").getAsDouble()
                        + ", " + fix.get("lon").getAsDouble());
            } else {
                System.out.println("last fix:    none since the agent started");
            }
            System.out.println("recorded:    " + status.get("writtenAt").getAsString());
        }
        printOutbox(config.bufferPath(), status != null && status.has("outboxDepth")
                ? status.get("outboxDepth").getAsLong() : null);
        return 0;
    }

    /**
     * @param running fixes waiting as the running agent counts them, or null: then the rows in the file and
     *                the fixes in its journal not yet moved into it
     */
    private static void printOutbox(Path file, Long running) throws Exception {
        if (!Files.exists(file)) {
            System.out.println("outbox:      " + file + " does not exist yet");
            return;
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
             Statement s = c.createStatement()) {
            long depth;
            Long oldest;
            try (ResultSet r = s.executeQuery("SELECT count(*), min(fix_time) FROM fixes")) {
                r.next();
                depth = r.getLong(1);
                long t = r.getLong(2);
                oldest = r.wasNull() ? null : t;
            }
            java.util.Map<String, String> meta = new java.util.HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT key, value FROM meta WHERE key IN "
                    + "('dropped', 'outbox_id', 'skipped', 'previous_outbox_id', 'reset_reason', 'last_seq')")) {
                while (r.next()) {
                    meta.put(r.getString(1), r.getString(2));
                }
            }
            String dropped = meta.getOrDefault("dropped", "0");
            String outboxId = meta.getOrDefault("outbox_id", "?");
            long folded;
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM fixes")) {
                r.next();
                folded = Math.max(r.getLong(1), Long.parseLong(meta.getOrDefault("last_seq", "0")));
            }
            // Fixes taken since the last fold are in the journal beside the file (those at or below SQLite's
            // last seq were moved already, before a crash between the fold and the journal's reset).
            for (Position fix : FixJournal.read(file, outboxId)) {
                if (fix.seq() > folded) {
                    depth++;
                    if (oldest == null) {
                        oldest = fix.fix().time().toEpochMilli();
                    }
                }
            }
            // The files also hold fixes the server acknowledged: up to 63 rows (deleted 64 at a time) and those
            // journaled since the last fold.
            System.out.println("outbox:      " + (running == null ? depth : running) + " fixes waiting"
                    + (oldest == null ? "" : ", oldest from " + Instant.ofEpochMilli(oldest)) + " (outbox " + outboxId + ")");
            System.out.println("dropped:     " + dropped + " fixes (outbox was full)");
            System.out.println("skipped:     " + meta.getOrDefault("skipped", "0")
                    + " seqs (the outbox had rolled back below what the server holds)");
            if (meta.containsKey("reset_reason")) {
                String previous = meta.getOrDefault("previous_outbox_id", "");
                System.out.println("replaced:    outbox " + (previous.isEmpty() ? "(id unreadable)" : previous) + " ("
                        + meta.get("reset_reason") + "; moved aside next to this file)");
            }
        }
    }
}
