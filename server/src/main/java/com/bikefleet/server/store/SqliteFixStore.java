package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * The embedded default store: one SQLite file, one writer thread that group-commits every bike's
 * batches, and one separate connection for reads (WAL lets readers run beside the writer).
 */
public final class SqliteFixStore implements FixStore {

    private static final String INSERT_FIX = """
            INSERT OR IGNORE INTO fixes (bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop,
                                         sats, fix_type, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_READING = """
            INSERT OR IGNORE INTO telemetry (bike_id, outbox_id, seq, time, name, value, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE_STATUS = """
            UPDATE bike_state SET gps = COALESCE(?, gps), outbox_depth = COALESCE(?, outbox_depth),
                                  dropped = COALESCE(?, dropped)
            WHERE bike_id = ?""";
    private static final String TOUCH_BIKE = """
            INSERT INTO bike_state (bike_id, last_seen) VALUES (?, ?)
            ON CONFLICT (bike_id) DO UPDATE SET last_seen = MAX(COALESCE(last_seen, 0), excluded.last_seen)""";
    // Only a newer GPS time moves the bike: a backfilled fix must not.
    private static final String MOVE_BIKE = """
            UPDATE bike_state SET fix_time = ?, lat = ?, lon = ?, speed = ?, course = ?, alt = ?, hdop = ?, sats = ?,
                                  fix_type = ?
            WHERE bike_id = ? AND (fix_time IS NULL OR fix_time < ?)""";

    private static final String WRITE_PROBE = "INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)";


    // Owned by the committer's thread.
    private final Connection writeConnection;
    // Guarded by itself: HTTP worker threads share it.
    private final Connection readConnection;
    private final GroupCommitter<StoreWrite> committer;

    public SqliteFixStore(SqliteDatabase database, int queueCapacity, int maxGroup) throws SQLException {
        this(database, queueCapacity, maxGroup, size -> { });
    }

    /** As above; {@code commitSizes} learns the number of writes in each committed transaction. */
    public SqliteFixStore(SqliteDatabase database, int queueCapacity, int maxGroup, IntConsumer commitSizes)
            throws SQLException {
        this.writeConnection = database.open();
        this.writeConnection.setAutoCommit(false);
        this.readConnection = database.open();
        this.committer = new GroupCommitter<>("store-committer", queueCapacity, maxGroup,
                StoreWrite.BACKLOG_BATCHES_PER_COMMIT, StoreWrite::urgent, this::write, commitSizes);
    }

    @Override
    public CompletableFuture<Void> write(StoreWrite write) {
        return committer.submit(write);
    }

    private void write(List<StoreWrite> writes) throws SQLException {
        try (PreparedStatement insert = writeConnection.prepareStatement(INSERT_FIX);
             PreparedStatement reading = writeConnection.prepareStatement(INSERT_READING);
             PreparedStatement touch = writeConnection.prepareStatement(TOUCH_BIKE);
             PreparedStatement move = writeConnection.prepareStatement(MOVE_BIKE);
             PreparedStatement status = writeConnection.prepareStatement(UPDATE_STATUS);
             PreparedStatement probe = writeConnection.prepareStatement(WRITE_PROBE)) {
            for (StoreWrite write : writes) {
                if (write instanceof FixBatch batch) {
                    addFixes(insert, move, batch);
                    touch(touch, batch.bikeId(), batch.receivedAt());
                } else if (write instanceof TelemetryBatch batch) {
                    addReadings(reading, batch);
                    touch(touch, batch.bikeId(), batch.receivedAt());
                } else if (write instanceof BikeStatusUpdate update) {
                    touch(touch, update.bikeId(), update.at());
                    addStatus(status, update);
                } else if (write instanceof HealthProbe check) {
                    probe.setLong(1, check.at().toEpochMilli());
                    probe.addBatch();
                }
            }
            // Order matters: a bike's state row must exist before its position or status updates it.
            insert.executeBatch();
            reading.executeBatch();
            touch.executeBatch();
            move.executeBatch();
            status.executeBatch();
            probe.executeBatch();
            writeConnection.commit();
        } catch (SQLException | RuntimeException e) {
            writeConnection.rollback();
            throw e;
        }
    }

    private static void addFixes(PreparedStatement insert, PreparedStatement move, FixBatch batch)
            throws SQLException {
        long receivedAt = batch.receivedAt().toEpochMilli();
        for (Position position : batch.positions()) {
            bindFix(insert, batch, position, receivedAt);
            insert.addBatch();
        }
        Fix newest = newestFix(batch);
        if (newest != null) {
            bindMove(move, batch.bikeId(), newest);
        }
    }

    private static void addReadings(PreparedStatement insert, TelemetryBatch batch) throws SQLException {
        for (com.bikefleet.model.protocol.Telemetry.Reading r : batch.readings()) {
            insert.setString(1, batch.bikeId());
            insert.setString(2, batch.outboxId());
            insert.setLong(3, r.seq());
            if (r.time() == null) {
                insert.setNull(4, Types.INTEGER);
            } else {
                insert.setLong(4, r.time().toEpochMilli());
            }
            insert.setString(5, r.name());
            insert.setString(6, r.value());
            insert.setLong(7, batch.receivedAt().toEpochMilli());
            insert.addBatch();
        }
    }

    private static void touch(PreparedStatement touch, String bikeId, Instant at) throws SQLException {
        touch.setString(1, bikeId);
        touch.setLong(2, at.toEpochMilli());
        touch.addBatch();
    }

    private static void addStatus(PreparedStatement status, BikeStatusUpdate update) throws SQLException {
        status.setString(1, update.gps());
        FixColumns.optionalLong(status, 2, update.outboxDepth());
        FixColumns.optionalLong(status, 3, update.dropped());
        status.setString(4, update.bikeId());
        status.addBatch();
    }

    private static Fix newestFix(FixBatch batch) {
        Fix newest = null;
        for (Position position : batch.positions()) {
            if (newest == null || position.fix().time().isAfter(newest.time())) {
                newest = position.fix();
            }
        }
        return newest;
    }

    private static void bindFix(PreparedStatement insert, FixBatch batch, Position position, long receivedAt)
            throws SQLException {
        insert.setString(1, batch.bikeId());
        insert.setString(2, batch.outboxId());
        insert.setLong(3, position.seq());
        FixColumns.bind(insert, 4, position.fix());
        insert.setLong(13, receivedAt);
    }

    private static void bindMove(PreparedStatement move, String bikeId, Fix fix) throws SQLException {
        FixColumns.bind(move, 1, fix);
        move.setString(10, bikeId);
        move.setLong(11, fix.time().toEpochMilli());
        move.addBatch();
    }

    @Override
    public List<BikeView> bikes() {
        String sql = """
                SELECT b.bike_id, s.last_seen, s.fix_time, s.lat, s.lon, s.speed, s.course, s.alt, s.hdop, s.sats,
                       s.fix_type, s.gps, s.outbox_depth, s.dropped, battery.value, battery.at
                FROM (SELECT bike_id FROM bikes UNION SELECT bike_id FROM bike_state) b
                LEFT JOIN bike_state s ON s.bike_id = b.bike_id
                LEFT JOIN (SELECT bike_id, value, at FROM (
                             SELECT bike_id, value, COALESCE(time, received_at) AS at,
                                    ROW_NUMBER() OVER (PARTITION BY bike_id
                                                       ORDER BY COALESCE(time, received_at) DESC, seq DESC) AS n
                             FROM telemetry WHERE name = 'battery')
                           WHERE n = 1) battery ON battery.bike_id = b.bike_id
                ORDER BY b.bike_id""";
        synchronized (readConnection) {
            try (PreparedStatement query = readConnection.prepareStatement(sql);
                 ResultSet rows = query.executeQuery()) {
                List<BikeView> bikes = new ArrayList<>();
                while (rows.next()) {
                    long lastSeen = rows.getLong(2);
                    Instant seen = rows.wasNull() ? null : Instant.ofEpochMilli(lastSeen);
                    rows.getLong(3);
                    Fix fix = rows.wasNull() ? null : FixColumns.read(rows, 3);
                    String gps = rows.getString(12);
                    long depth = rows.getLong(13);
                    Long outboxDepth = rows.wasNull() ? null : depth;
                    long dropped = rows.getLong(14);
                    Long droppedCount = rows.wasNull() ? null : dropped;
                    String batteryValue = rows.getString(15);
                    BikeView.Reading battery = batteryValue == null ? null
                            : new BikeView.Reading(batteryValue, Instant.ofEpochMilli(rows.getLong(16)));
                    bikes.add(new BikeView(rows.getString(1), fix, seen, gps, outboxDepth, droppedCount, battery));
                }
                return bikes;
            } catch (SQLException e) {
                throw new StoreException("reading bikes failed", e);
            }
        }
    }

    @Override
    public List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
        // A row value comparison keeps the page boundary exact when fixes share a time.
        String sql = """
                SELECT outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type
                FROM fixes WHERE bike_id = ? AND fix_time >= ? AND fix_time < ?
                  AND (fix_time, outbox_id, seq) > (?, ?, ?)
                ORDER BY fix_time, outbox_id, seq LIMIT ?""";
        synchronized (readConnection) {
            try (PreparedStatement query = readConnection.prepareStatement(sql)) {
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
    }

    @Override
    public GapReport gaps(String bikeId, int maxGaps) {
        String outboxes = """
                SELECT outbox_id, MIN(seq), MAX(seq), COUNT(*) FROM fixes WHERE bike_id = ?
                GROUP BY outbox_id ORDER BY outbox_id""";
        // LAG over the primary key's order: each stored seq against the one stored before it.
        String gaps = """
                SELECT outbox_id, previous + 1, seq - 1 FROM (
                  SELECT outbox_id, seq, LAG(seq) OVER (PARTITION BY outbox_id ORDER BY seq) AS previous
                  FROM fixes WHERE bike_id = ?)
                WHERE seq - previous > 1 ORDER BY outbox_id, seq""";
        synchronized (readConnection) {
            try (PreparedStatement state = readConnection.prepareStatement(
                         "SELECT dropped FROM bike_state WHERE bike_id = ?");
                 PreparedStatement perOutbox = readConnection.prepareStatement(outboxes);
                 PreparedStatement missing = readConnection.prepareStatement(gaps)) {
                state.setString(1, bikeId);
                Long dropped = null;
                try (ResultSet rows = state.executeQuery()) {
                    if (rows.next()) {
                        dropped = FixColumns.optionalLong(rows, 1);
                    }
                }
                missing.setString(1, bikeId);
                perOutbox.setString(1, bikeId);
                List<OutboxGaps> report;
                try (ResultSet missingRows = missing.executeQuery(); ResultSet outboxRows = perOutbox.executeQuery()) {
                    report = GapRows.collect(missingRows, outboxRows, maxGaps);
                }
                return new GapReport(bikeId, dropped, report);
            } catch (SQLException e) {
                throw new StoreException("reading the gaps of " + bikeId + " failed", e);
            }
        }
    }

    @Override
    public int queuedWrites() {
        return committer.queued();
    }

    @Override
    public void close() {
        committer.close();
        try {
            writeConnection.close();
            synchronized (readConnection) {
                readConnection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing the store failed", e);
        }
    }
}
