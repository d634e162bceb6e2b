package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.ConnectionSource;
import com.bikefleet.server.store.DuplicateConflicts;
import com.bikefleet.server.store.FixReader;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.HighestSeqs;
import com.bikefleet.server.store.PooledConnections;
import com.bikefleet.server.store.StoreWrite;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import com.bikefleet.server.store.commit.GroupCommitter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shared store: the same group committer as SQLite (ack only after the transaction commits), writing
 * through {@link PostgresFixWriter}, reading through the {@link FixReader} both stores share, on connections
 * borrowed from the pool per call.
 */
final class PostgresFixStore implements FixStore {

    // Each bike's latest battery reading, by DISTINCT ON.
    private static final String LATEST_BATTERY = """
            SELECT DISTINCT ON (bike_id) bike_id, value, COALESCE(time, received_at) AS at
            FROM telemetry WHERE name = 'battery'
            ORDER BY bike_id, COALESCE(time, received_at) DESC, seq DESC""";

    private final GroupCommitter<StoreWrite> committer;
    private final FixReader reader;
    private final DuplicateConflicts conflicts = new DuplicateConflicts();

    PostgresFixStore(ConnectionSource pool, int queueCapacity, int maxGroup, CommitObserver commits) {
        this.reader = new FixReader(new PooledConnections(pool), LATEST_BATTERY);
        this.committer = new GroupCommitter<>("store-committer", queueCapacity, maxGroup,
                StoreWrite::urgent, StoreWrite::rows, StoreWrite.BACKLOG_FIXES_PER_COMMIT,
                new PostgresFixWriter(pool, conflicts), commits);
    }

    @Override
    public long conflictingDuplicates() {
        return conflicts.total();
    }

    @Override
    public CompletableFuture<Void> write(StoreWrite write) {
        return committer.submit(write);
    }

    @Override
    public List<BikeView> bikes() {
        return reader.bikes();
    }

    @Override
    public List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
        return reader.track(bikeId, from, to, after, limit);
    }

    @Override
    public GapReport gaps(String bikeId, int maxGaps) {
        return reader.gaps(bikeId, maxGaps);
    }

    @Override
    public HighestSeqs highestSeqs(String bikeId, String outboxId) {
        return reader.highestSeqs(bikeId, outboxId);
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
    }
}
