package com.bikefleet.server.store;

import com.bikefleet.model.protocol.Telemetry;
import java.time.Instant;
import java.util.List;

/** One bike's telemetry readings, ready to be stored. */
public record TelemetryBatch(String bikeId, String outboxId, List<Telemetry.Reading> readings, Instant receivedAt)
        implements StoreWrite {

    public TelemetryBatch {
        readings = List.copyOf(readings);
    }
}
