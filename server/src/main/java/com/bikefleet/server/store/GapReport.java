package com.bikefleet.server.store;

import java.util.List;

/**
 * A bike's losses as the bike and the store see them.
 *
 * @param dropped  fixes the bike says it dropped (outbox full), from its latest hello or status; null if it
 *                 never said
 * @param outboxes each outbox the store holds fixes from, by outbox id
 * @param incidents seqs the bike's current outbox skipped after a rollback, and the unreadable outbox it replaced
 */
public record GapReport(String bikeId, Long dropped, List<OutboxGaps> outboxes, OutboxIncidents incidents) {

    public GapReport {
        outboxes = List.copyOf(outboxes);
    }
}
