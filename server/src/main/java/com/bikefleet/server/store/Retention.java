package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes fixes and telemetry older than the retention period, by fix (reading) time; the SQL is the same
 * for SQLite and PostgreSQL. It runs on a connection of its own, never the committer's (that one belongs to the committer's thread), and deletes
 * in small transactions so the committer, waiting on SQLite's lock through busy_timeout, is held up for
 * one chunk at most, not for the whole purge.
 */
public final class Retention {

    /** The outcome of one run. */
    public record Result(Instant cutoff, long fixesDeleted, long readingsDeleted) {
    }

    static final int CHUNK = 2_000;

    // Per bike, so the delete walks the (bike_id, fix_time) index instead of scanning every fix.
    private static final String DELETE_FIXES = """
            DELETE FROM %1$s WHERE (bike_id, outbox_id, seq) IN (
              SELECT bike_id, outbox_id, seq FROM %1$s WHERE bike_id = ? AND fix_time < ? LIMIT ?)""";
    // A reading without its own time is judged by when the server received it.
    private static final String DELETE_READINGS = """
            DELETE FROM telemetry WHERE (bike_id, outbox_id, seq) IN (
              SELECT bike_id, outbox_id, seq FROM telemetry
              WHERE bike_id = ? AND COALESCE(time, received_at) < ? LIMIT ?)""";
    private static final String BIKES = "SELECT bike_id FROM bike_state UNION SELECT bike_id FROM bikes";

    private final ConnectionSource database;
    private final Duration keep;
    private final Clock clock;

    private final String deleteFixes;

    /** For a store whose fixes are one table, {@code fixes}. */
    public Retention(ConnectionSource database, Duration keep, Clock clock) {
        this(database, keep, clock, "fixes");
    }

    /**
     * @param fixesTable the table old fixes are deleted from (SQLite: the history; live fixes reach it within
     *                   a merge round, long before any retention period ends)
     */
    public Retention(ConnectionSource database, Duration keep, Clock clock, String fixesTable) {
        this.deleteFixes = DELETE_FIXES.formatted(fixesTable);
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + keep);
        }
        this.database = database;
        this.keep = keep;
        this.clock = clock;
    }

    /** Deletes everything older than now minus the retention period. */
    public Result runOnce() throws SQLException {
        Instant cutoff = clock.instant().minus(keep);
        long fixes = 0;
        long readings = 0;
        try (Connection connection = database.open()) {
            for (String bikeId : bikes(connection)) {
                fixes += deleteInChunks(connection, deleteFixes, bikeId, cutoff);
                readings += deleteInChunks(connection, DELETE_READINGS, bikeId, cutoff);
            }
        }
        return new Result(cutoff, fixes, readings);
    }

    private static List<String> bikes(Connection connection) throws SQLException {
        List<String> bikes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(BIKES); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                bikes.add(rows.getString(1));
            }
        }
        return bikes;
    }

    /** Auto-commit: each chunk is its own short transaction. */
    private static long deleteInChunks(Connection connection, String sql, String bikeId, Instant cutoff)
            throws SQLException {
        long total = 0;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, bikeId);
            delete.setLong(2, cutoff.toEpochMilli());
            delete.setInt(3, CHUNK);
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }
}
