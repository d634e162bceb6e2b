package com.bikefleet.server.store;

/** Anything ingest hands to the store's single writer. */
public sealed interface StoreWrite permits FixBatch, TelemetryBatch, BikeStatusUpdate, HealthProbe {

    /**
     * Backlog fixes in one commit at most (whole batches, at least one): one agent batch of 500, a few
     * milliseconds of writing, which is all a live fix waits for during a backfill. Counted in fixes, not
     * batches, because a reconnect storm's backlog batches hold a handful of fixes each and should share
     * commits by the hundred. Measured during a 100-bike backfill beside 1,000 live bikes (docs/performance-log.md,
     * Fleet, fifth pass): 8 batches a commit gave the live bikes a p99 ack of 305 ms, 1,000 fixes 89 ms,
     * 500 fixes 87 ms (37 ms once the backfill's first seconds were over), at the same ingest rate.
     */
    int BACKLOG_FIXES_PER_COMMIT = 500;

    /** What a backlog write counts against {@link #BACKLOG_FIXES_PER_COMMIT}: its fixes. Only backlog batches are asked. */
    static int rows(StoreWrite write) {
        return write instanceof FixBatch batch ? batch.positions().size() : 1;
    }

    /** Everything but a backlog batch is committed ahead of backlog batches (the committer's live lane). */
    static boolean urgent(StoreWrite write) {
        return !(write instanceof FixBatch batch) || batch.live();
    }
}
