package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.FixColumns;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.server.store.BikeStateChanges;
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

/**
 * Writes one group of the committer's writes in one PostgreSQL transaction: batched inserts (pgjdbc
 * rewrites them into multi-row statements) that skip a (bike, outbox id, seq) already stored.
 *
 * <p>Several instances may write the same bike's state row during a failover. Each group writes its bikes'
 * rows once ({@link BikeStateChanges}), in bike id order, before anything else, so two groups always take
 * those row locks in the same order and cannot deadlock on them.
 */
final class PostgresFixWriter implements GroupCommitter.Writer<StoreWrite> {

    private static final String INSERT_FIX = """
            INSERT INTO fixes (bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type,
                               received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String INSERT_READING = """
            INSERT INTO telemetry (bike_id, outbox_id, seq, time, name, value, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String UPSERT_STATE = BikeStateChanges.upsert("GREATEST");
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
        BikeStateChanges states = new BikeStateChanges();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_FIX);
             PreparedStatement reading = connection.prepareStatement(INSERT_READING);
             PreparedStatement state = connection.prepareStatement(UPSERT_STATE);
             PreparedStatement probe = connection.prepareStatement(WRITE_PROBE)) {
            for (StoreWrite write : writes) {
                if (write instanceof FixBatch batch) {
                    addFixes(insert, batch, states);
                    states.seen(batch.bikeId(), batch.receivedAt());
                } else if (write instanceof TelemetryBatch batch) {
                    addReadings(reading, batch);
                    states.seen(batch.bikeId(), batch.receivedAt());
                } else if (write instanceof BikeStatusUpdate update) {
                    states.status(update);
                } else if (write instanceof HealthProbe check) {
                    probe.setLong(1, check.at().toEpochMilli());
                    probe.addBatch();
                }
            }
            states.bindTo(state);
            // The state rows first (locked in id order), then the rows that only add.
            state.executeBatch();
            insert.executeBatch();
            reading.executeBatch();
            probe.executeBatch();
        }
    }

    private static void addFixes(PreparedStatement insert, FixBatch batch, BikeStateChanges states)
            throws SQLException {
        long receivedAt = batch.receivedAt().toEpochMilli();
        for (Position position : batch.positions()) {
            insert.setString(1, batch.bikeId());
            insert.setString(2, batch.outboxId());
            insert.setLong(3, position.seq());
            FixColumns.bind(insert, 4, position.fix());
            insert.setLong(13, receivedAt);
            insert.addBatch();
            states.reported(batch.bikeId(), position.fix());
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
