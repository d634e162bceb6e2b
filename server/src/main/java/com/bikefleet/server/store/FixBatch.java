package com.bikefleet.server.store;

import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.List;

/** One bike's batch as accepted by ingest, ready to be stored. */
public record FixBatch(String bikeId, String outboxId, List<Position> positions, Instant receivedAt) {

    public FixBatch {
        positions = List.copyOf(positions);
    }
}
