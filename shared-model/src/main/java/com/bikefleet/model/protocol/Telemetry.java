package com.bikefleet.model.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Bike to server: readings other code on the bike published (battery, lock state, alarms), from the
 * bike's durable outbox. Numbered in their own sequence, acknowledged with {@link TelemetryAck}.
 *
 * @param floor the bike holds no reading with a sequence number up to this
 */
public record Telemetry(String bikeId, List<Reading> readings, long floor) implements Message {

    public Telemetry {
        readings = List.copyOf(readings);
    }

    /**
     * One reading.
     *
     * @param seq   the reading's number in the bike's telemetry sequence, from 1
     * @param time  GPS-derived time of the reading, or null when the bike had no GPS time yet
     * @param name  what was read, such as {@code battery} or {@code lock}
     * @param value the reading as text, such as {@code 87} or {@code locked}
     */
    public record Reading(long seq, Instant time, String name, String value) {
    }
}
