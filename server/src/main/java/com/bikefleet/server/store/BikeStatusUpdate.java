package com.bikefleet.server.store;

import java.time.Instant;

/**
 * What a bike said about itself; null fields leave the stored value as it was.
 *
 * @param gps              the GPS state ({@code fix}, {@code no_fix}, {@code no_data})
 * @param outboxDepth      fixes waiting in the bike's outbox
 * @param dropped          fixes the bike's current outbox has dropped because it was full
 * @param skipped          sequence numbers the bike's current outbox skipped after a rollback
 * @param previousOutboxId the unreadable outbox the current one replaced (from a hello only)
 * @param reset            why it was replaced; a hello sets it together with {@code previousOutboxId}, and a
 *                         hello without them clears both (a new outbox that is not a replacement)
 */
public record BikeStatusUpdate(String bikeId, String gps, Long outboxDepth, Long dropped, Long skipped,
                               String previousOutboxId, String reset, Instant at)
        implements StoreWrite {

    public BikeStatusUpdate(String bikeId, String gps, Long outboxDepth, Long dropped, Instant at) {
        this(bikeId, gps, outboxDepth, dropped, null, null, null, at);
    }
}
