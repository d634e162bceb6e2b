package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.GapRows;
import com.bikefleet.server.store.FixColumns;
import com.bikefleet.model.Fix;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.ConnectionSource;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.HighestSeqs;
import com.bikefleet.server.store.OutboxIncidents;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The fix store's queries (bike list, track pages, gap report) on pooled PostgreSQL connections. */
final class PostgresFixReader {

    private static final String BIKES = """
            SELECT b.bike_id, s.last_seen, s.fix_time, s.lat, s.lon, s.speed, s.course, s.alt, s.hdop, s.sats,
                   s.fix_type, s.gps, s.outbox_depth, s.dropped, battery.value, battery.at,
                   s.skipped, s.previous_outbox_id, s.outbox_reset
            FROM (SELECT bike_id FROM bikes UNION SELECT bike_id FROM bike_state) b
            LEFT JOIN bike_state s ON s.bike_id = b.bike_id
            LEFT JOIN (SELECT DISTINCT ON (bike_id) bike_id, value, COALESCE(time, received_at) AS at
                       FROM telemetry WHERE name = 'battery'
                       ORDER BY bike_id, COALESCE(time, received_at) DESC, seq DESC) battery
                   ON battery.bike_id = b.bike_id
            ORDER BY b.bike_id""";
    // A row value comparison keeps the page boundary exact when fixes share a time.
    private static final String TRACK = """
            SELECT outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type
            FROM fixes WHERE bike_id = ? AND fix_time >= ? AND fix_time < ?
              AND (fix_time, outbox_id, seq) > (?, ?, ?)
            ORDER BY fix_time, outbox_id, seq LIMIT ?""";
    private static final String OUTBOXES = """
            SELECT outbox_id, MIN(seq), MAX(seq), COUNT(*) FROM fixes WHERE bike_id = ?
            GROUP BY outbox_id ORDER BY outbox_id""";
    // LAG over the primary key's order: each stored seq against the one stored before it.
    private static final String GAPS = """
            SELECT outbox_id, previous + 1, seq - 1 FROM (
              SELECT outbox_id, seq, LAG(seq) OVER (PARTITION BY outbox_id ORDER BY seq) AS previous
              FROM fixes WHERE bike_id = ?) stored
            WHERE seq - previous > 1 ORDER BY outbox_id, seq""";

    private final ConnectionSource pool;

    PostgresFixReader(ConnectionSource pool) {
        this.pool = pool;
    }

    List<BikeView> bikes() {
        try (Connection connection = pool.open();
             PreparedStatement query = connection.prepareStatement(BIKES);
             ResultSet rows = query.executeQuery()) {
            List<BikeView> bikes = new ArrayList<>();
            while (rows.next()) {
                Long lastSeen = FixColumns.optionalLong(rows, 2);
                rows.getLong(3);
                Fix fix = rows.wasNull() ? null : FixColumns.read(rows, 3);
                String batteryValue = rows.getString(15);
                BikeView.Reading battery = batteryValue == null ? null
                        : new BikeView.Reading(batteryValue, Instant.ofEpochMilli(rows.getLong(16)));
                bikes.add(new BikeView(rows.getString(1), fix, lastSeen == null ? null : Instant.ofEpochMilli(lastSeen),
                        rows.getString(12), FixColumns.optionalLong(rows, 13), FixColumns.optionalLong(rows, 14),
                        battery, OutboxIncidents.read(rows, 17)));
            }
            return bikes;
        } catch (SQLException e) {
            throw new StoreException("reading bikes failed", e);
        }
    }

    List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
        try (Connection connection = pool.open(); PreparedStatement query = connection.prepareStatement(TRACK)) {
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
        } catch (SQLException e) {
            throw new StoreException("reading the track of " + bikeId + " failed", e);
        }
    }

    GapReport gaps(String bikeId, int maxGaps) {
        try (Connection connection = pool.open();
             PreparedStatement state = connection.prepareStatement(
                     "SELECT dropped, skipped, previous_outbox_id, outbox_reset FROM bike_state WHERE bike_id = ?");
             PreparedStatement perOutbox = connection.prepareStatement(OUTBOXES);
             PreparedStatement missing = connection.prepareStatement(GAPS)) {
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
            List<OutboxGaps> report;
            try (ResultSet missingRows = missing.executeQuery(); ResultSet outboxRows = perOutbox.executeQuery()) {
                report = GapRows.collect(missingRows, outboxRows, maxGaps);
            }
            return new GapReport(bikeId, dropped, report, incidents);
        } catch (SQLException e) {
            throw new StoreException("reading the gaps of " + bikeId + " failed", e);
        }
    }

    HighestSeqs highestSeqs(String bikeId, String outboxId) {
        try (Connection connection = pool.open();
             PreparedStatement fixes = connection.prepareStatement(HighestSeqs.FIXES);
             PreparedStatement readings = connection.prepareStatement(HighestSeqs.TELEMETRY)) {
            return new HighestSeqs(HighestSeqs.query(fixes, bikeId, outboxId),
                    HighestSeqs.query(readings, bikeId, outboxId));
        } catch (SQLException e) {
            throw new StoreException("reading the highest seqs of " + bikeId + " failed", e);
        }
    }
}
