package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.DuplicateConflicts;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixReader;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.HighestSeqs;
import com.bikefleet.server.store.SharedConnection;
import com.bikefleet.server.store.StoreBusyException;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import com.bikefleet.server.store.commit.GroupCommitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded default store: one SQLite file, one writer thread that group-commits every bike's
 * batches ({@link SqliteFixWriter}) and merges live fixes into the history between them
 * ({@link ArrivalMerge}), and one separate connection for reads (WAL lets readers run beside the writer),
 * which read fixes through the {@code fixes} view over both tables.
 */
public final class SqliteFixStore implements FixStore {

    // Each bike's latest battery reading by numbering its rows (SQLite has no DISTINCT ON).
    private static final String LATEST_BATTERY = """
            SELECT bike_id, value, at FROM (
              SELECT bike_id, value, COALESCE(time, received_at) AS at,
                     ROW_NUMBER() OVER (PARTITION BY bike_id ORDER BY COALESCE(time, received_at) DESC, seq DESC) AS n
              FROM telemetry WHERE name = 'battery')
            WHERE n = 1""";

    /** The write connection's page cache, KiB. */
    private static final int WRITER_CACHE_KIB = 128 * 1024;

    /** How often {@link WalCheckpointer} copies the WAL back: a few thousand pages at the ten-times rate. */
    private static final long CHECKPOINT_INTERVAL_MILLIS = 200;

    // Owned by the committer's thread, as are the writer, the arrivals and the merge (and, after close, the
    // closing thread, once the committer has stopped).
    private final Connection writeConnection;
    private final FixArrivals arrivals;
    private final LiveBikeStates liveStates = new LiveBikeStates();
    private final ArrivalMerge merge;
    private final DuplicateConflicts conflicts = new DuplicateConflicts();
    // One connection under a lock: HTTP worker threads share it.
    private final SharedConnection reads;
    private final FixReader reader;
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
            // A merge round touches each bike's last history pages (two a bike, 80 MB for 10,000 bikes); with
            // SQLite's default 2 MB cache each chunk read them back from the OS page by page.
            s.execute("PRAGMA cache_size=-" + WRITER_CACHE_KIB);
        }
        this.arrivals = SqliteFixWriter.loadArrivals(writeConnection, liveStates);
        ImmediateTransactions transactions = new ImmediateTransactions(writeConnection);
        this.merge = new ArrivalMerge(writeConnection, transactions, arrivals, liveStates, mergePolicy,
                System::nanoTime);
        SqliteFixWriter writer = new SqliteFixWriter(writeConnection, transactions, arrivals, liveStates, merge,
                conflicts);
        this.reads = new SharedConnection(database.open());
        this.reader = new FixReader(reads, LATEST_BATTERY, "fix_history");
        this.checkpointer = new WalCheckpointer(database.open(), CHECKPOINT_INTERVAL_MILLIS);
        this.committer = new GroupCommitter<>("store-committer", queueCapacity, maxGroup,
                StoreWrite::urgent, StoreWrite::rows, StoreWrite.BACKLOG_FIXES_PER_COMMIT, writer::write, commits,
                merge::step);
    }

    @Override
    public CompletableFuture<Void> write(StoreWrite write) {
        if (write instanceof FixBatch batch && batch.live() && merge.full()) {
            // Bounded like the lanes: the committer's merge is behind, and live fixes wait in the bike's outbox.
            return CompletableFuture.failedFuture(new StoreBusyException(
                    "the store's merge into the history is behind: live fixes wait"));
        }
        return committer.submit(write);
    }

    @Override
    public List<BikeView> bikes() {
        return liveStates.overlay(reader::bikes);
    }

    @Override
    public List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
        // The arrivals first: a fix they let go of is in the history table by then (FixArrivals.published).
        List<FixArrivals.Arrival> arrived = arrivals.published(bikeId);
        return ArrivalTrack.page(reader.track(bikeId, from, to, after, limit), arrived, from, to, after, limit);
    }

    @Override
    public GapReport gaps(String bikeId, int maxGaps) {
        // The arrivals first, as for tracks; every gap of the history, as the arrivals may fill some.
        List<FixArrivals.Arrival> arrived = arrivals.published(bikeId);
        return ArrivalGaps.merge(reader.gaps(bikeId, Integer.MAX_VALUE), arrived, maxGaps);
    }

    @Override
    public HighestSeqs highestSeqs(String bikeId, String outboxId) {
        // The arrivals first: a fix they let go of is in the history table by then (FixArrivals).
        long arrived = arrivals.highestSeq(bikeId, outboxId);
        HighestSeqs stored = reader.highestSeqs(bikeId, outboxId);
        return new HighestSeqs(Math.max(arrived, stored.fixes()), stored.telemetry());
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
    public long maintenanceNanos() {
        return merge.busyNanos();
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
        } catch (SQLException e) {
            throw new StoreException("closing the store failed", e);
        }
        reads.close();
    }
}
