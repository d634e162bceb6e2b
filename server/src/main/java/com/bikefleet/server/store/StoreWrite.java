package com.bikefleet.server.store;

/** Anything ingest hands to the store's single writer. */
public sealed interface StoreWrite permits FixBatch, TelemetryBatch, BikeStatusUpdate, HealthProbe {

    /**
     * Backlog batches (up to ingest.max-fixes-per-batch fixes each, 500 from the agent) in one commit at
     * most: about 4,000 fixes, tens of milliseconds, which is all a live fix waits for during a backfill.
     */
    int BACKLOG_BATCHES_PER_COMMIT = 8;

    /** Everything but a backlog batch is committed ahead of backlog batches (the committer's live lane). */
    static boolean urgent(StoreWrite write) {
        return !(write instanceof FixBatch batch) || batch.live();
    }
}
