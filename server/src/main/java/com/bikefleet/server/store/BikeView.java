package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import java.time.Instant;

/**
 * What the store knows of one bike.
 *
 * @param lastFix     the fix with the newest GPS time ever stored, or null before the first
 * @param lastSeen    server time of the last message from the bike, or null
 * @param gps         the GPS state the bike last reported, or null
 * @param outboxDepth fixes waiting in the bike's outbox when it last said, or null
 * @param dropped     fixes the bike has dropped because its outbox was full, or null
 * @param battery     the latest telemetry reading named {@code battery}, or null
 * @param incidents   seqs its current outbox skipped and the unreadable outbox it replaced, as it reported them
 */
public record BikeView(String bikeId, Fix lastFix, Instant lastSeen, String gps, Long outboxDepth, Long dropped,
                       Reading battery, OutboxIncidents incidents) {

    /** A telemetry value as the bike sent it, with its time (or the server's receipt time when it had none). */
    public record Reading(String value, Instant time) {
    }

    public BikeView(String bikeId, Fix lastFix, Instant lastSeen, String gps, Long outboxDepth, Long dropped) {
        this(bikeId, lastFix, lastSeen, gps, outboxDepth, dropped, null, OutboxIncidents.NONE);
    }
}
