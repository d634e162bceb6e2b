package com.bikefleet.server.store;

import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.List;

/**
 * One bike's batch as accepted by ingest, ready to be stored.
 *
 * @param live true when the bike sent these as fresh fixes, false for backfill
 */
public record FixBatch(String bikeId, String outboxId, List<Position> positions, boolean live, Instant receivedAt)
        implements StoreWrite {

    public FixBatch {
        positions = List.copyOf(positions);
    }
}
