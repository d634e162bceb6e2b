package com.bikefleet.model.protocol;

/**
 * Server to bike: every fix of this connection's outbox with a sequence number up to and including
 * {@code seq} is durably stored. Cumulative, so a lost ack is repaired by the next one.
 */
public record Ack(long seq) implements Message {
}
