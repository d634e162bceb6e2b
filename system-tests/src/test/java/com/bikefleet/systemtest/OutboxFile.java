package com.bikefleet.systemtest;

import com.bikefleet.agent.outbox.FixJournal;
import com.bikefleet.model.Position;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks into an agent's outbox file and its fix journal beside it, as {@code bike-agent status} does: after the
 * agent has stopped, or beside a running agent (WAL lets a reader in). {@code lastSeq} is as the agent reads
 * it: the larger of the meta row, the newest row and the newest journaled fix. {@code pendingSeqs} are the rows
 * in the file and the journal's fixes above them: a running or killed agent may still hold acknowledged ones
 * (up to 63 in the table, deleted in batches of 64, and those journaled since the last fold).
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
            // Journaled at or below SQLite's last seq: already moved into SQLite, before a crash came between the
            // fold and the journal's reset.
            for (Position fix : journal(file, id)) {
                if (fix.seq() > last) {
                    pending.add(fix.seq());
                    last = fix.seq();
                }
            }
            return new OutboxFile(id, last, dropped, pending);
        }
    }

    private static List<Position> journal(Path file, String outboxId) throws SQLException {
        try {
            return FixJournal.read(file, outboxId);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot read the fix journal of " + file + ": " + e.getMessage(), e);
        }
    }
}
