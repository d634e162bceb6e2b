package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.FixColumns;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.BikeStateChanges;
import com.bikefleet.server.store.ConnectionSource;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.GroupWrites;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.commit.GroupCommitter;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import com.bikefleet.model.Fix;
import com.bikefleet.server.store.DuplicateConflicts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    /**
     * A batch's fixes whose key is stored with other content. pgjdbc's rewritten batches do not say which
     * rows ON CONFLICT skipped, so batches that may repeat a stored key are compared in one query each.
     */
    private static final String CONFLICTS = """
            SELECT i.seq, f.fix_time, f.lat, f.lon
            FROM unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[]) AS i(seq, fix_time, lat, lon)
            JOIN fixes f ON f.bike_id = ? AND f.outbox_id = ? AND f.seq = i.seq
            WHERE f.fix_time <> i.fix_time OR f.lat <> i.lat OR f.lon <> i.lon
            ORDER BY i.seq""";

    private final ConnectionSource pool;
    // Owned by the committer thread, like every call of this writer.
    private final DuplicateConflicts conflicts;

    PostgresFixWriter(ConnectionSource pool, DuplicateConflicts conflicts) {
        this.pool = pool;
        this.conflicts = conflicts;
    }

    @Override
    public void write(List<StoreWrite> writes) throws SQLException {
        // Borrowed per group: a connection broken by a database restart costs one failed group, not the store.
        try (Connection connection = pool.open()) {
            connection.setAutoCommit(false);
            try {
                writeGroup(connection, writes);
                connection.commit();
                conflicts.committed();
            } catch (SQLException | RuntimeException e) {
                conflicts.clear();
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private void writeGroup(Connection connection, List<StoreWrite> writes) throws SQLException {
        BikeStateChanges states = new BikeStateChanges();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_FIX);
             PreparedStatement reading = connection.prepareStatement(INSERT_READING);
             PreparedStatement state = connection.prepareStatement(UPSERT_STATE);
             PreparedStatement probe = connection.prepareStatement(WRITE_PROBE)) {
            GroupWrites.add(writes, batch -> addFixes(insert, batch), states, reading, probe);
            states.bindTo(state);
            // The state rows first (locked in id order), then the rows that only add.
            state.executeBatch();
            insert.executeBatch();
            reading.executeBatch();
            probe.executeBatch();
            findConflicts(connection, writes);
        }
    }

    /**
     * After the insert, in its transaction: a row the insert added holds the batch's own content, so what
     * differs was stored before (or by another batch of this group under the same key).
     */
    private void findConflicts(Connection connection, List<StoreWrite> writes) throws SQLException {
        PreparedStatement select = null;
        try {
            for (StoreWrite write : writes) {
                if (!(write instanceof FixBatch batch) || !batch.mayRepeat() || batch.positions().isEmpty()) {
                    continue;
                }
                if (select == null) {
                    select = connection.prepareStatement(CONFLICTS);
                }
                findConflicts(connection, select, batch);
            }
        } finally {
            if (select != null) {
                select.close();
            }
        }
    }

    private void findConflicts(Connection connection, PreparedStatement select, FixBatch batch) throws SQLException {
        int n = batch.positions().size();
        Long[] seqs = new Long[n];
        Long[] times = new Long[n];
        Double[] lats = new Double[n];
        Double[] lons = new Double[n];
        Map<Long, Fix> received = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Position position = batch.positions().get(i);
            seqs[i] = position.seq();
            times[i] = position.fix().time().toEpochMilli();
            lats[i] = position.fix().latitude();
            lons[i] = position.fix().longitude();
            received.put(position.seq(), position.fix());
        }
        select.setArray(1, connection.createArrayOf("bigint", seqs));
        select.setArray(2, connection.createArrayOf("bigint", times));
        select.setArray(3, connection.createArrayOf("float8", lats));
        select.setArray(4, connection.createArrayOf("float8", lons));
        select.setString(5, batch.bikeId());
        select.setString(6, batch.outboxId());
        int count = 0;
        long firstSeq = 0;
        long storedTime = 0;
        double storedLat = 0;
        double storedLon = 0;
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (count++ == 0) {
                    firstSeq = rows.getLong(1);
                    storedTime = rows.getLong(2);
                    storedLat = rows.getDouble(3);
                    storedLon = rows.getDouble(4);
                }
            }
        }
        conflicts.found(batch, count, firstSeq, storedTime, storedLat, storedLon, received.get(firstSeq));
    }

    private static void addFixes(PreparedStatement insert, FixBatch batch) throws SQLException {
        long receivedAt = batch.receivedAt().toEpochMilli();
        for (Position position : batch.positions()) {
            FixColumns.bindRow(insert, 1, batch, position, receivedAt);
            insert.addBatch();
        }
    }
}
