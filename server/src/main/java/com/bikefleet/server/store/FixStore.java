package com.bikefleet.server.store;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where fixes are kept. Implementations decide how they batch writes; callers only see futures. */
public interface FixStore extends AutoCloseable {

    /**
     * Stores a batch. The future completes only after the batch is durably committed, and completes
     * exceptionally if it was not. A fix already stored under the same (bike, outbox id, seq) is
     * ignored; the batch still succeeds.
     */
    CompletableFuture<Void> store(FixBatch batch);

    /** Every bike that has reported or been registered, with its latest position. */
    List<BikeView> bikes();

    /** A bike's stored fixes with fix time in [from, to), oldest first, at most {@code limit}. */
    List<StoredFix> track(String bikeId, Instant from, Instant to, int limit);

    @Override
    void close();
}
