package com.bikefleet.server.store;

import java.util.List;

/**
 * A bike's losses as the bike and the store see them.
 *
 * @param dropped  fixes the bike says it dropped (outbox full), from its latest hello or status; null if it
 *                 never said
 * @param outboxes each outbox the store holds fixes from, by outbox id
 */
public record GapReport(String bikeId, Long dropped, List<OutboxGaps> outboxes) {

    public GapReport {
        outboxes = List.copyOf(outboxes);
    }
}
