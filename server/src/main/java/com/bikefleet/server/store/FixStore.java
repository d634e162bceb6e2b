package com.bikefleet.server.store;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where fixes are kept. Implementations decide how they batch writes; callers only see futures. */
public interface FixStore extends AutoCloseable {

    /**
     * Writes fixes, telemetry or a bike's status. The future completes only after the write is durably
     * committed, and completes exceptionally if it was not. A fix or reading already stored under the
     * same (bike, outbox id, seq) is ignored; the write still succeeds.
     */
    CompletableFuture<Void> write(StoreWrite write);

    /** Every bike that has reported or been registered, with its latest position. */
    List<BikeView> bikes();

    /** A bike's stored fixes with fix time in [from, to), oldest first, at most {@code limit}. */
    default List<StoredFix> track(String bikeId, Instant from, Instant to, int limit) {
        return track(bikeId, from, to, null, limit);
    }

    /**
     * A page of a bike's track: fixes with fix time in [from, to) ordered by (fix time, outbox id, seq),
     * strictly after {@code after} (null: from the start), at most {@code limit}.
     */
    List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit);

    /** Per outbox, the sequence ranges missing between the lowest and highest stored fix; at most maxGaps each. */
    GapReport gaps(String bikeId, int maxGaps);

    /**
     * The highest fix and reading seq stored for one outbox of a bike (0 when none): one primary key probe each,
     * answered to every hello. The default, for stores that cannot tell, says none.
     */
    default HighestSeqs highestSeqs(String bikeId, String outboxId) {
        return new HighestSeqs(0, 0);
    }

    /**
     * Fixes that arrived under a (bike, outbox id, seq) already stored with another time or position, since the
     * store opened; the stored fix was kept. Only stores whose driver reports per-row insert counts can tell.
     */
    default long conflictingDuplicates() {
        return 0;
    }

    /** Writes accepted but not yet committed, for metrics and readiness. */
    default int queuedWrites() {
        return 0;
    }

    /**
     * How far behind the store's live writes are, in nanoseconds (0 when none waits): the oldest waiting live
     * write's age, or the time the committer needs for those waiting, whichever is longer. Admission defers new
     * bikes on it; a queue's length alone says nothing of whether the store keeps up.
     */
    default long liveLagNanos() {
        return 0;
    }

    /** Time the store's writer spent on its own work between commits (SQLite's merge), for metrics and benches. */
    default long maintenanceNanos() {
        return 0;
    }

    @Override
    void close();
}
