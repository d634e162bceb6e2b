package com.bikefleet.model.protocol;

/**
 * Server to bike, the answer to every hello: the highest sequence numbers the server holds for the hello's
 * outbox. A bike whose outbox has not numbered that far has rolled back (its write-ahead log was lost in a
 * crash, say) and would reuse numbers the server already holds, which the server would take for duplicates
 * and drop; it numbers on from above these instead.
 *
 * @param outboxId            the outbox of the hello this answers
 * @param highestSeq          the highest fix {@code seq} stored for it, 0 when none
 * @param highestTelemetrySeq the highest telemetry reading {@code seq} stored for it, 0 when none
 */
public record OutboxState(String outboxId, long highestSeq, long highestTelemetrySeq) implements Message {
}
