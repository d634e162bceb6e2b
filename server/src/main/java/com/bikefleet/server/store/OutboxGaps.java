package com.bikefleet.server.store;

import java.util.List;

/**
 * What is stored of one outbox of a bike, and which sequence numbers between its lowest and highest stored
 * one are missing.
 *
 * @param missing   sequence numbers not stored between {@code lowestSeq} and {@code highestSeq}
 * @param gaps      the missing ranges, lowest first, at most the limit asked for
 * @param truncated true when there were more gaps than the limit
 */
public record OutboxGaps(String outboxId, long lowestSeq, long highestSeq, long stored, long missing,
                         List<SeqRange> gaps, boolean truncated) {

    public OutboxGaps {
        gaps = List.copyOf(gaps);
    }
}
