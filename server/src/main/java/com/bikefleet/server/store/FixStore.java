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

    /** Writes accepted but not yet committed, for metrics and readiness. */
    default int queuedWrites() {
        return 0;
    }

    @Override
    void close();
}
