package com.bikefleet.model.protocol;

/** Server to bike: every telemetry reading of this outbox up to {@code seq} is durably stored. */
public record TelemetryAck(long seq) implements Message {
}
