package com.bikefleet.agent.outbox;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The bike's durable outbox: every fix is committed here before it is sent, and deleted only when the
 * server's cumulative ack covers it. Sequence numbers come from here and keep growing across restarts;
 * the outbox id is made once, with the file, so a wiped SD card starts a new sequence.
 *
 * <p>Not thread-safe: one thread owns it (the agent's worker thread).
 */
public final class Outbox implements AutoCloseable {

    private final Connection connection;
    private final String outboxId;
    private final PreparedStatement insertFix;
    private final PreparedStatement bumpSeq;
    private final PreparedStatement selectAfter;
    private final PreparedStatement deleteUpTo;
    private long lastSeq;

    private Outbox(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // A fix counted as taken must survive a power cut: every commit reaches the disk.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS fixes (
                      seq      INTEGER PRIMARY KEY,
                      fix_time INTEGER NOT NULL,
                      lat      REAL    NOT NULL,
                      lon      REAL    NOT NULL,
                      speed    REAL,
                      course   REAL,
                      alt      REAL,
                      hdop     REAL,
                      sats     INTEGER,
                      fix_type TEXT
                    )""");
        }
        connection.setAutoCommit(false);
        this.outboxId = readOrCreateId();
        this.lastSeq = Long.parseLong(meta("last_seq", "0"));
        connection.commit();
        this.insertFix = connection.prepareStatement("""
                INSERT INTO fixes (seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        this.bumpSeq = connection.prepareStatement("UPDATE meta SET value = ? WHERE key = 'last_seq'");
        this.selectAfter = connection.prepareStatement("""
                SELECT seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type
                FROM fixes WHERE seq > ? ORDER BY seq LIMIT ?""");
        this.deleteUpTo = connection.prepareStatement("DELETE FROM fixes WHERE seq <= ?");
    }

    /** Opens the outbox file, creating it (and a new outbox id) when it does not exist. */
    public static Outbox open(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the folder of outbox " + file + ": " + e.getMessage(), e);
        }
        return new Outbox(DriverManager.getConnection("jdbc:sqlite:" + file));
    }

    private String readOrCreateId() throws SQLException {
        String id = meta("outbox_id", null);
        if (id != null) {
            return id;
        }
        id = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO meta (key, value) VALUES ('outbox_id', ?), ('last_seq', '0')")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        return id;
    }

    private String meta(String key, String fallback) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : fallback;
            }
        }
    }

    public String outboxId() {
        return outboxId;
    }

    /** The sequence number of the newest fix ever appended (0 for a new outbox). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Commits a fix and returns its sequence number; the fix is on disk when this returns. */
    public Position append(Fix fix) throws SQLException {
        long seq = lastSeq + 1;
        try {
            insertFix.setLong(1, seq);
            insertFix.setLong(2, fix.time().toEpochMilli());
            insertFix.setDouble(3, fix.latitude());
            insertFix.setDouble(4, fix.longitude());
            setOptional(insertFix, 5, fix.speed());
            setOptional(insertFix, 6, fix.course());
            setOptional(insertFix, 7, fix.altitude());
            setOptional(insertFix, 8, fix.hdop());
            if (fix.satellites() == null) {
                insertFix.setNull(9, Types.INTEGER);
            } else {
                insertFix.setInt(9, fix.satellites());
            }
            insertFix.setString(10, fix.fixType() == null ? null : fix.fixType().wireName());
            insertFix.executeUpdate();
            bumpSeq.setString(1, Long.toString(seq));
            bumpSeq.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        lastSeq = seq;
        return new Position(seq, fix);
    }

    /** Up to {@code limit} pending fixes with a sequence number above {@code afterSeq}, oldest first. */
    public List<Position> pendingAfter(long afterSeq, int limit) throws SQLException {
        selectAfter.setLong(1, afterSeq);
        selectAfter.setInt(2, limit);
        List<Position> out = new ArrayList<>();
        try (ResultSet rows = selectAfter.executeQuery()) {
            while (rows.next()) {
                out.add(new Position(rows.getLong(1), readFix(rows)));
            }
        }
        connection.commit();
        return out;
    }

    /** Deletes every fix the server's cumulative ack covers; returns how many were deleted. */
    public int acknowledge(long upToSeq) throws SQLException {
        deleteUpTo.setLong(1, upToSeq);
        int deleted = deleteUpTo.executeUpdate();
        connection.commit();
        return deleted;
    }

    /** Fixes waiting for an ack. */
    public long depth() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM fixes")) {
            r.next();
            long count = r.getLong(1);
            connection.commit();
            return count;
        }
    }

    private static Fix readFix(ResultSet rows) throws SQLException {
        java.time.Instant time = java.time.Instant.ofEpochMilli(rows.getLong(2));
        double lat = rows.getDouble(3);
        double lon = rows.getDouble(4);
        Double speed = optional(rows, 5);
        Double course = optional(rows, 6);
        Double alt = optional(rows, 7);
        Double hdop = optional(rows, 8);
        int sats = rows.getInt(9);
        Integer satellites = rows.wasNull() ? null : sats;
        return new Fix(time, lat, lon, speed, course, alt, hdop, satellites, FixType.fromWireName(rows.getString(10)));
    }

    private static Double optional(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static void setOptional(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.REAL);
        } else {
            statement.setDouble(index, value);
        }
    }

    @Override
    public void close() throws SQLException {
        insertFix.close();
        bumpSeq.close();
        selectAfter.close();
        deleteUpTo.close();
        connection.close();
    }
}
