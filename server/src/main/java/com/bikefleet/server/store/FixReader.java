package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fix store's reads, for SQLite and PostgreSQL alike: the bike list, track pages and the gap report are
 * the same SQL in both but for each bike's latest battery reading, which the backend gives. A backend also
 * lends the connections (one shared under a lock, or one borrowed from the pool per call) and says which
 * table holds its fixes. Thread-safe if its {@link SqlAccess} is.
 */
public final class FixReader {

    private static final String BIKES = """
            SELECT b.bike_id, s.last_seen, s.fix_time, s.lat, s.lon, s.speed, s.course, s.alt, s.hdop, s.sats,
                   s.fix_type, s.gps, s.outbox_depth, s.dropped, battery.value, battery.at,
                   s.skipped, s.previous_outbox_id, s.outbox_reset
            FROM (SELECT bike_id FROM bikes UNION SELECT bike_id FROM bike_state) b
            LEFT JOIN bike_state s ON s.bike_id = b.bike_id
            LEFT JOIN (%s) battery ON battery.bike_id = b.bike_id
            ORDER BY b.bike_id""";

    // A row value comparison keeps the page boundary exact when fixes share a time.
    private static final String TRACK = """
            SELECT outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type
            FROM %s WHERE bike_id = ? AND fix_time >= ? AND fix_time < ?
              AND (fix_time, outbox_id, seq) > (?, ?, ?)
            ORDER BY fix_time, outbox_id, seq LIMIT ?""";
    private static final String OUTBOX_STATE =
            "SELECT dropped, skipped, previous_outbox_id, outbox_reset FROM bike_state WHERE bike_id = ?";
    private static final String OUTBOXES = """
            SELECT outbox_id, MIN(seq), MAX(seq), COUNT(*) FROM %s WHERE bike_id = ?
            GROUP BY outbox_id ORDER BY outbox_id""";
    // LAG over the primary key's order: each stored seq against the one stored before it.
    private static final String GAPS = """
            SELECT outbox_id, previous + 1, seq - 1 FROM (
              SELECT outbox_id, seq, LAG(seq) OVER (PARTITION BY outbox_id ORDER BY seq) AS previous
              FROM %s WHERE bike_id = ?) stored
            WHERE seq - previous > 1 ORDER BY outbox_id, seq""";

    private final SqlAccess connections;
    private final String bikes;
    private final String highestFix;
    private final String track;
    private final String outboxes;
    private final String gaps;

    /**
     * @param latestBattery rows of (bike_id, value, at): each bike's latest {@code battery} reading, by its time
     *                      or, without one, by when it was received
     */
    public FixReader(SqlAccess connections, String latestBattery) {
        this(connections, latestBattery, "fixes");
    }

    /**
     * @param fixTable where track pages, gaps and highest seqs are read from: {@code fixes}, or for SQLite its
     *                 history table, to which the store adds the arrivals it holds in memory
     *                 ({@code ArrivalTrack}, {@code ArrivalGaps}, {@code FixArrivals#highestSeq})
     */
    public FixReader(SqlAccess connections, String latestBattery, String fixTable) {
        this.connections = connections;
        this.bikes = BIKES.formatted(latestBattery);
        this.highestFix = HighestSeqs.FIXES_IN.formatted(fixTable);
        this.track = TRACK.formatted(fixTable);
        this.outboxes = OUTBOXES.formatted(fixTable);
        this.gaps = GAPS.formatted(fixTable);
    }

    public List<BikeView> bikes() {
        return read("reading bikes failed", connection -> {
            try (PreparedStatement query = connection.prepareStatement(bikes);
                 ResultSet rows = query.executeQuery()) {
                List<BikeView> list = new ArrayList<>();
                while (rows.next()) {
                    list.add(bike(rows));
                }
                return list;
            }
        });
    }

    private static BikeView bike(ResultSet rows) throws SQLException {
        Long lastSeen = FixColumns.optionalLong(rows, 2);
        rows.getLong(3);
        Fix fix = rows.wasNull() ? null : FixColumns.read(rows, 3);
        String batteryValue = rows.getString(15);
        BikeView.Reading battery = batteryValue == null ? null
                : new BikeView.Reading(batteryValue, Instant.ofEpochMilli(rows.getLong(16)));
        return new BikeView(rows.getString(1), fix, lastSeen == null ? null : Instant.ofEpochMilli(lastSeen),
                rows.getString(12), FixColumns.optionalLong(rows, 13), FixColumns.optionalLong(rows, 14), battery,
                OutboxIncidents.read(rows, 17));
    }

    public List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
        return read("reading the track of " + bikeId + " failed", connection -> {
            try (PreparedStatement query = connection.prepareStatement(track)) {
                query.setString(1, bikeId);
                query.setLong(2, from.toEpochMilli());
                query.setLong(3, to.toEpochMilli());
                query.setLong(4, after == null ? Long.MIN_VALUE : after.fixTime().toEpochMilli());
                // Without a cursor, a key below every real one (a NULL would make the comparison NULL).
                query.setString(5, after == null ? "" : after.outboxId());
                query.setLong(6, after == null ? Long.MIN_VALUE : after.seq());
                query.setInt(7, limit);
                try (ResultSet rows = query.executeQuery()) {
                    List<StoredFix> track = new ArrayList<>();
                    while (rows.next()) {
                        track.add(new StoredFix(rows.getString(1), rows.getLong(2), FixColumns.read(rows, 3)));
                    }
                    return track;
                }
            }
        });
    }

    public GapReport gaps(String bikeId, int maxGaps) {
        return read("reading the gaps of " + bikeId + " failed", connection -> {
            try (PreparedStatement state = connection.prepareStatement(OUTBOX_STATE);
                 PreparedStatement perOutbox = connection.prepareStatement(outboxes);
                 PreparedStatement missing = connection.prepareStatement(gaps)) {
                state.setString(1, bikeId);
                Long dropped = null;
                OutboxIncidents incidents = OutboxIncidents.NONE;
                try (ResultSet rows = state.executeQuery()) {
                    if (rows.next()) {
                        dropped = FixColumns.optionalLong(rows, 1);
                        incidents = OutboxIncidents.read(rows, 2);
                    }
                }
                missing.setString(1, bikeId);
                perOutbox.setString(1, bikeId);
                try (ResultSet missingRows = missing.executeQuery(); ResultSet outboxRows = perOutbox.executeQuery()) {
                    return new GapReport(bikeId, dropped, GapRows.collect(missingRows, outboxRows, maxGaps), incidents);
                }
            }
        });
    }

    /** The highest stored seqs, of fixes in the reader's fix table and of telemetry. */
    public HighestSeqs highestSeqs(String bikeId, String outboxId) {
        return read("reading the highest seqs of " + bikeId + " failed", connection -> {
            try (PreparedStatement fixes = connection.prepareStatement(highestFix);
                 PreparedStatement readings = connection.prepareStatement(HighestSeqs.TELEMETRY)) {
                return new HighestSeqs(HighestSeqs.query(fixes, bikeId, outboxId),
                        HighestSeqs.query(readings, bikeId, outboxId));
            }
        });
    }

    private <T> T read(String failure, SqlAccess.Work<T> work) {
        try {
            return connections.call(work);
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }
}
