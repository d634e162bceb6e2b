package com.bikefleet.model.protocol;

/** A protocol v1 message: one JSON text frame whose {@code type} field names the record. */
public sealed interface Message
        permits Hello, Positions, Status, Telemetry, Ack, TelemetryAck, Command, CommandResult, ErrorMessage,
                OutboxState {
}
