package com.bikefleet.server.store.sqlite;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.DuplicateConflicts;
import com.bikefleet.server.store.FixColumns;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.GapRows;
import com.bikefleet.server.store.HighestSeqs;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.OutboxIncidents;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import com.bikefleet.server.store.commit.GroupCommitter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded default store: one SQLite file, one writer thread that group-commits every bike's
 * batches ({@link SqliteFixWriter}) and merges live fixes into the history between them
 * ({@link ArrivalMerge}), and one separate connection for reads (WAL lets readers run beside the writer),
 * which read fixes through the {@code fixes} view over both tables.
 */
public final class SqliteFixStore implements FixStore {

    private static final String HIGHEST_IN_HISTORY =
            "SELECT seq FROM fix_history WHERE bike_id = ? AND outbox_id = ? ORDER BY seq DESC LIMIT 1";

    /** How often {@link WalCheckpointer} copies the WAL back: a few thousand pages at the ten-times rate. */
    private static final long CHECKPOINT_INTERVAL_MILLIS = 200;

    // Owned by the committer's thread, as are the writer, the arrivals and the merge (and, after close, the
    // closing thread, once the committer has stopped).
    private final Connection writeConnection;
    private final FixArrivals arrivals;
    private final ArrivalMerge merge;
    private final DuplicateConflicts conflicts = new DuplicateConflicts();
    // Guarded by itself: HTTP worker threads share it.
    private final Connection readConnection;
    private final GroupCommitter<StoreWrite> committer;
    private final WalCheckpointer checkpointer;

    public SqliteFixStore(SqliteDatabase database, int queueCapacity, int maxGroup) throws SQLException {
        this(database, queueCapacity, maxGroup, CommitObserver.NONE);
    }

    /** As above; {@code commits} learns the size and write time of each committed transaction. */
    public SqliteFixStore(SqliteDatabase database, int queueCapacity, int maxGroup, CommitObserver commits)
            throws SQLException {
        this(database, queueCapacity, maxGroup, commits, ArrivalMerge.Policy.DEFAULT);
    }

    SqliteFixStore(SqliteDatabase database, int queueCapacity, int maxGroup, CommitObserver commits,
                   ArrivalMerge.Policy mergePolicy) throws SQLException {
        this.writeConnection = database.open();
        try (java.sql.Statement s = writeConnection.createStatement()) {
            // Checkpoints run on their own thread; the committer's own is only the safety net.
            s.execute("PRAGMA wal_autocheckpoint=" + WalCheckpointer.COMMITTER_AUTOCHECKPOINT_PAGES);
        }
        this.arrivals = SqliteFixWriter.loadArrivals(writeConnection);
        ImmediateTransactions transactions = new ImmediateTransactions(writeConnection);
        this.merge = new ArrivalMerge(writeConnection, transactions, arrivals, mergePolicy, System::nanoTime);
        SqliteFixWriter writer = new SqliteFixWriter(writeConnection, transactions, arrivals, merge, conflicts);
        this.readConnection = database.open();
        this.checkpointer = new WalCheckpointer(database.open(), CHECKPOINT_INTERVAL_MILLIS);
        this.committer = new GroupCommitter<>("store-committer", queueCapacity, maxGroup,
                StoreWrite::urgent, StoreWrite::rows, StoreWrite.BACKLOG_FIXES_PER_COMMIT, writer::write, commits,
                merge::step);
    }

    @Override
    public CompletableFuture<Void> write(StoreWrite write) {
        return committer.submit(write);
    }

    @Override
    public List<BikeView> bikes() {
        String sql = """
                SELECT b.bike_id, s.last_seen, s.fix_time, s.lat, s.lon, s.speed, s.course, s.alt, s.hdop, s.sats,
                       s.fix_type, s.gps, s.outbox_depth, s.dropped, battery.value, battery.at,
                       s.skipped, s.previous_outbox_id, s.outbox_reset
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
                    bikes.add(new BikeView(rows.getString(1), fix, seen, gps, outboxDepth, droppedCount, battery,
                            OutboxIncidents.read(rows, 17)));
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
                         "SELECT dropped, skipped, previous_outbox_id, outbox_reset FROM bike_state WHERE bike_id = ?");
                 PreparedStatement perOutbox = readConnection.prepareStatement(outboxes);
                 PreparedStatement missing = readConnection.prepareStatement(gaps)) {
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
    }

    @Override
    public HighestSeqs highestSeqs(String bikeId, String outboxId) {
        // The arrivals first: a fix they let go of is in the history table by then (FixArrivals).
        long arrived = arrivals.highestSeq(bikeId, outboxId);
        synchronized (readConnection) {
            try (PreparedStatement fixes = readConnection.prepareStatement(HIGHEST_IN_HISTORY);
                 PreparedStatement readings = readConnection.prepareStatement(HighestSeqs.TELEMETRY)) {
                return new HighestSeqs(Math.max(arrived, HighestSeqs.query(fixes, bikeId, outboxId)),
                        HighestSeqs.query(readings, bikeId, outboxId));
            } catch (SQLException e) {
                throw new StoreException("reading the highest seqs of " + bikeId + " failed", e);
            }
        }
    }

    @Override
    public long conflictingDuplicates() {
        return conflicts.total();
    }

    @Override
    public int queuedWrites() {
        return committer.queued();
    }

    @Override
    public long liveLagNanos() {
        return committer.urgentLagNanos();
    }

    @Override
    public void close() {
        committer.close();
        // The committer has stopped: its connection and the arrivals are this thread's now.
        merge.drain();
        checkpointer.close();
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
