package com.bikefleet.server.store;

import java.time.Instant;

/**
 * What a bike said about itself; null fields leave the stored value as it was.
 *
 * @param gps         the GPS state ({@code fix}, {@code no_fix}, {@code no_data})
 * @param outboxDepth fixes waiting in the bike's outbox
 * @param dropped     fixes the bike's current outbox has dropped because it was full
 */
public record BikeStatusUpdate(String bikeId, String gps, Long outboxDepth, Long dropped, Instant at)
        implements StoreWrite {
}
