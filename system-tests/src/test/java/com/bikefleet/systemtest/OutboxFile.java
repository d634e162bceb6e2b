package com.bikefleet.systemtest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks into an agent's outbox file, as a technician could with sqlite3: after the agent has stopped, or
 * beside a running agent (WAL lets a reader in). {@code lastSeq} is as the agent reads it: the larger of the
 * meta row (written with deletes) and the newest row. {@code pendingSeqs} are the rows in the file: a running
 * or killed agent may still hold up to 63 acknowledged ones, deleted in batches of 64.
 */
record OutboxFile(String outboxId, long lastSeq, long dropped, List<Long> pendingSeqs) {

    static OutboxFile read(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            String id;
            long last;
            long dropped = 0;
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'outbox_id'")) {
                r.next();
                id = r.getString(1);
            }
            try (ResultSet r = s.executeQuery("SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta "
                    + "WHERE key = 'last_seq'), 0), coalesce((SELECT max(seq) FROM fixes), 0))")) {
                r.next();
                last = r.getLong(1);
            }
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'dropped'")) {
                if (r.next()) {
                    dropped = Long.parseLong(r.getString(1));
                }
            }
            List<Long> pending = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT seq FROM fixes ORDER BY seq")) {
                while (r.next()) {
                    pending.add(r.getLong(1));
                }
            }
            return new OutboxFile(id, last, dropped, pending);
        }
    }
}
