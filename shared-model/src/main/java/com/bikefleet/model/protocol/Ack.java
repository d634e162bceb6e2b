package com.bikefleet.model.protocol;

/**
 * Server to bike: every fix of this connection's outbox with a sequence number up to and including
 * {@code seq} that the bike still held is durably stored. Cumulative, so a lost ack is repaired by the
 * next one; fixes sent ahead of a backlog are covered once the backlog below them is stored.
 */
public record Ack(long seq) implements Message {
}
