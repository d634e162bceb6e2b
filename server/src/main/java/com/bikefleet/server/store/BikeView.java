package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import java.time.Instant;

/**
 * What the store knows of one bike.
 *
 * @param lastFix  the fix with the newest GPS time ever stored, or null before the first
 * @param lastSeen server time of the last batch received from the bike, or null
 */
public record BikeView(String bikeId, Fix lastFix, Instant lastSeen) {
}
