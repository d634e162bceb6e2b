package com.bikefleet.server.store;

import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.List;

/**
 * One bike's batch as accepted by ingest, ready to be stored.
 *
 * @param live      true when the bike sent these as fresh fixes, false for backfill
 * @param mayRepeat false when every seq is above what the store held for this outbox at the hello and above
 *                  every seq sent since on the connection: no stored row can share its key, so a store that
 *                  cannot tell which rows its insert skipped (PostgreSQL's rewritten batches) need not look
 *                  for duplicates with other content
 */
public record FixBatch(String bikeId, String outboxId, List<Position> positions, boolean live, Instant receivedAt,
                       boolean mayRepeat) implements StoreWrite {

    public FixBatch {
        positions = List.copyOf(positions);
    }

    /** A batch that may repeat stored keys: what is not known to be new is checked. */
    public FixBatch(String bikeId, String outboxId, List<Position> positions, boolean live, Instant receivedAt) {
        this(bikeId, outboxId, positions, live, receivedAt, true);
    }
}
