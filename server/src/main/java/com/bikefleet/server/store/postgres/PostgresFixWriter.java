package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.FixColumns;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.server.store.BikeStatusUpdate;
import com.bikefleet.server.store.ConnectionSource;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.GroupCommitter;
import com.bikefleet.server.store.HealthProbe;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.TelemetryBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one group of the committer's writes in one PostgreSQL transaction: batched inserts (pgjdbc
 * rewrites them into multi-row statements) that skip a (bike, outbox id, seq) already stored.
 *
 * <p>Several instances may write the same bike's state row during a failover. Each group touches its bikes'
 * rows once, in bike id order, before anything else updates them, so two groups always take those row
 * locks in the same order and cannot deadlock on them.
 */
final class PostgresFixWriter implements GroupCommitter.Writer<StoreWrite> {

    private static final String INSERT_FIX = """
            INSERT INTO fixes (bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type,
                               received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String INSERT_READING = """
            INSERT INTO telemetry (bike_id, outbox_id, seq, time, name, value, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String TOUCH_BIKE = """
            INSERT INTO bike_state (bike_id, last_seen) VALUES (?, ?)
            ON CONFLICT (bike_id) DO UPDATE
            SET last_seen = GREATEST(COALESCE(bike_state.last_seen, 0), excluded.last_seen)""";
    // Only a newer GPS time moves the bike: a backfilled fix must not.
    private static final String MOVE_BIKE = """
            UPDATE bike_state SET fix_time = ?, lat = ?, lon = ?, speed = ?, course = ?, alt = ?, hdop = ?, sats = ?,
                                  fix_type = ?
            WHERE bike_id = ? AND (fix_time IS NULL OR fix_time < ?)""";
    private static final String UPDATE_STATUS = """
            UPDATE bike_state SET gps = COALESCE(?, gps), outbox_depth = COALESCE(?, outbox_depth),
                                  dropped = COALESCE(?, dropped)
            WHERE bike_id = ?""";
    private static final String WRITE_PROBE = """
            INSERT INTO health (id, checked_at) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at""";

    private final ConnectionSource pool;

    PostgresFixWriter(ConnectionSource pool) {
        this.pool = pool;
    }

    @Override
    public void write(List<StoreWrite> writes) throws SQLException {
        // Borrowed per group: a connection broken by a database restart costs one failed group, not the store.
        try (Connection connection = pool.open()) {
            connection.setAutoCommit(false);
            try {
                writeGroup(connection, writes);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void writeGroup(Connection connection, List<StoreWrite> writes) throws SQLException {
        Map<String, Long> touched = new TreeMap<>();
        Map<String, Fix> newest = new TreeMap<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_FIX);
             PreparedStatement reading = connection.prepareStatement(INSERT_READING);
             PreparedStatement touch = connection.prepareStatement(TOUCH_BIKE);
             PreparedStatement move = connection.prepareStatement(MOVE_BIKE);
             PreparedStatement status = connection.prepareStatement(UPDATE_STATUS);
             PreparedStatement probe = connection.prepareStatement(WRITE_PROBE)) {
            for (StoreWrite write : writes) {
                if (write instanceof FixBatch batch) {
                    addFixes(insert, batch, newest);
                    touched.merge(batch.bikeId(), batch.receivedAt().toEpochMilli(), Math::max);
                } else if (write instanceof TelemetryBatch batch) {
                    addReadings(reading, batch);
                    touched.merge(batch.bikeId(), batch.receivedAt().toEpochMilli(), Math::max);
                } else if (write instanceof BikeStatusUpdate update) {
                    touched.merge(update.bikeId(), update.at().toEpochMilli(), Math::max);
                    status.setString(1, update.gps());
                    FixColumns.optionalLong(status, 2, update.outboxDepth());
                    FixColumns.optionalLong(status, 3, update.dropped());
                    status.setString(4, update.bikeId());
                    status.addBatch();
                } else if (write instanceof HealthProbe check) {
                    probe.setLong(1, check.at().toEpochMilli());
                    probe.addBatch();
                }
            }
            for (Map.Entry<String, Long> bike : touched.entrySet()) {
                touch.setString(1, bike.getKey());
                touch.setLong(2, bike.getValue());
                touch.addBatch();
            }
            for (Map.Entry<String, Fix> bike : newest.entrySet()) {
                FixColumns.bind(move, 1, bike.getValue());
                move.setString(10, bike.getKey());
                move.setLong(11, bike.getValue().time().toEpochMilli());
                move.addBatch();
            }
            // The state rows first (locked in id order), then what updates them, then the rows that only add.
            touch.executeBatch();
            move.executeBatch();
            status.executeBatch();
            insert.executeBatch();
            reading.executeBatch();
            probe.executeBatch();
        }
    }

    private static void addFixes(PreparedStatement insert, FixBatch batch, Map<String, Fix> newest)
            throws SQLException {
        long receivedAt = batch.receivedAt().toEpochMilli();
        for (Position position : batch.positions()) {
            insert.setString(1, batch.bikeId());
            insert.setString(2, batch.outboxId());
            insert.setLong(3, position.seq());
            FixColumns.bind(insert, 4, position.fix());
            insert.setLong(13, receivedAt);
            insert.addBatch();
            newest.merge(batch.bikeId(), position.fix(), (a, b) -> b.time().isAfter(a.time()) ? b : a);
        }
    }

    private static void addReadings(PreparedStatement insert, TelemetryBatch batch) throws SQLException {
        for (Telemetry.Reading r : batch.readings()) {
            insert.setString(1, batch.bikeId());
            insert.setString(2, batch.outboxId());
            insert.setLong(3, r.seq());
            if (r.time() == null) {
                insert.setNull(4, Types.BIGINT);
            } else {
                insert.setLong(4, r.time().toEpochMilli());
            }
            insert.setString(5, r.name());
            insert.setString(6, r.value());
            insert.setLong(7, batch.receivedAt().toEpochMilli());
            insert.addBatch();
        }
    }
}
