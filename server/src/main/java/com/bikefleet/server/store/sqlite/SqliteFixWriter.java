package com.bikefleet.server.store.sqlite;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.BikeStateChanges;
import com.bikefleet.server.store.DuplicateConflicts;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixColumns;
import com.bikefleet.server.store.GroupWrites;
import com.bikefleet.server.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Writes one commit group into the SQLite file: live fixes appended to {@code fix_arrivals}, backlog fixes
 * into {@code fix_history}, readings, bike state and health probes, then commits. Each fix is stored once
 * under its (bike, outbox, seq): one already held, in either table, is not written again, and one held with
 * other content is counted ({@link DuplicateConflicts}).
 *
 * <p>Owned by the committer thread, with the connection, statements and {@link FixArrivals}.
 */
final class SqliteFixWriter {

    private static final String INSERT_ARRIVAL = """
            INSERT INTO fix_arrivals (n, bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop,
                                      sats, fix_type, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** A fix into the bike-ordered table, unless its key is there: also what a merge chunk writes. */
    static final String INSERT_HISTORY = """
            INSERT OR IGNORE INTO fix_history (bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop,
                                               sats, fix_type, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_HISTORY =
            "SELECT fix_time, lat, lon FROM fix_history WHERE bike_id = ? AND outbox_id = ? AND seq = ?";
    private static final String INSERT_READING = """
            INSERT OR IGNORE INTO telemetry (bike_id, outbox_id, seq, time, name, value, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPSERT_STATE = BikeStateChanges.upsert("MAX");
    private static final String WRITE_PROBE = "INSERT OR REPLACE INTO health (id, checked_at) VALUES (1, ?)";

    private final Connection connection;
    private final ImmediateTransactions transactions;
    private final FixArrivals arrivals;
    private final LiveBikeStates liveStates;
    private final ArrivalMerge merge;
    private final DuplicateConflicts conflicts;
    private final BikeStateChanges stateChanges = new BikeStateChanges();
    private PreparedStatement insertArrival;
    private PreparedStatement insertHistory;
    private PreparedStatement selectHistory;
    private PreparedStatement insertReading;
    private PreparedStatement upsertState;
    private PreparedStatement writeProbe;

    SqliteFixWriter(Connection connection, ImmediateTransactions transactions, FixArrivals arrivals,
                    LiveBikeStates liveStates, ArrivalMerge merge, DuplicateConflicts conflicts) {
        this.connection = connection;
        this.liveStates = liveStates;
        this.transactions = transactions;
        this.arrivals = arrivals;
        this.merge = merge;
        this.conflicts = conflicts;
    }

    /** Writes and commits the group; on failure rolls back and leaves nothing of it behind. */
    void write(List<StoreWrite> writes) throws SQLException {
        if (insertArrival == null) {
            // Prepared once: SQLite compiles a statement on every prepare, and the committer writes all day.
            insertArrival = connection.prepareStatement(INSERT_ARRIVAL);
            insertHistory = connection.prepareStatement(INSERT_HISTORY);
            selectHistory = connection.prepareStatement(SELECT_HISTORY);
            insertReading = connection.prepareStatement(INSERT_READING);
            upsertState = connection.prepareStatement(UPSERT_STATE);
            writeProbe = connection.prepareStatement(WRITE_PROBE);
        }
        int before = arrivals.size();
        try {
            transactions.begin();
            GroupWrites.add(writes, this::writeFixes, stateChanges, liveStates.group(), insertReading, writeProbe);
            stateChanges.bindTo(upsertState);
            insertReading.executeBatch();
            upsertState.executeBatch();
            writeProbe.executeBatch();
            transactions.commit();
        } catch (SQLException | RuntimeException e) {
            stateChanges.clear();
            liveStates.rolledBack();
            conflicts.clear();
            arrivals.rolledBack();
            insertReading.clearBatch();
            upsertState.clearBatch();
            writeProbe.clearBatch();
            transactions.rollback();
            throw e;
        }
        arrivals.committed();
        liveStates.committed();
        merge.arrived(before);
        conflicts.committed();
    }

    /**
     * Each fix once: a live one goes to the arrivals, a backlog one to the history (where its bike's batch
     * fills whole pages); one the store holds already is only compared.
     */
    private void writeFixes(FixBatch batch) throws SQLException {
        long receivedAt = batch.receivedAt().toEpochMilli();
        for (Position position : batch.positions()) {
            Fix held = arrivals.find(batch.bikeId(), batch.outboxId(), position.seq());
            if (held != null) {
                conflicts.compare(batch, position, held.time().toEpochMilli(), held.latitude(), held.longitude());
            } else if (!batch.live()) {
                FixColumns.bindRow(insertHistory, 1, batch, position, receivedAt);
                if (insertHistory.executeUpdate() == 0) {
                    compareWithHistory(batch, position);
                }
            } else if (!batch.mayRepeat() || !compareWithHistory(batch, position)) {
                FixArrivals.Arrival arrival = arrivals.add(batch.bikeId(), batch.outboxId(), position.seq(),
                        position.fix(), receivedAt);
                insertArrival.setLong(1, arrival.n());
                FixColumns.bindRow(insertArrival, 2, batch, position, receivedAt);
                insertArrival.executeUpdate();
            }
        }
    }

    /** Compares the fix with the history's under its key; false when the history holds none. */
    private boolean compareWithHistory(FixBatch batch, Position position) throws SQLException {
        selectHistory.setString(1, batch.bikeId());
        selectHistory.setString(2, batch.outboxId());
        selectHistory.setLong(3, position.seq());
        try (ResultSet row = selectHistory.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            conflicts.compare(batch, position, row.getLong(1), row.getDouble(2), row.getDouble(3));
            return true;
        }
    }

    /** Loads what a previous run left in the arrivals table (it merges in the next round), and its bikes' state. */
    static FixArrivals loadArrivals(Connection connection, LiveBikeStates states) throws SQLException {
        FixArrivals arrivals = new FixArrivals(0);
        try (Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("""
                     SELECT n, bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type,
                            received_at
                     FROM fix_arrivals ORDER BY n""")) {
            while (rows.next()) {
                FixArrivals.Arrival arrival = new FixArrivals.Arrival(rows.getLong(1), rows.getString(3),
                        rows.getLong(4), FixColumns.read(rows, 5), rows.getLong(14));
                arrivals.restore(rows.getString(2), arrival);
                states.restored(rows.getString(2), arrival.fix(), Instant.ofEpochMilli(arrival.receivedAt()));
            }
        }
        return arrivals;
    }
}
