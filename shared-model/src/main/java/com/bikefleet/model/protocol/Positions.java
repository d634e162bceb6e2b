package com.bikefleet.model.protocol;

import com.bikefleet.model.Position;
import java.util.List;

/**
 * Bike to server: a batch of fixes from the bike's outbox, in ascending sequence order.
 *
 * @param live  true for fixes sent as they are taken (ahead of any backlog); false for backfill
 * @param floor the bike holds no fix with a sequence number up to this (see {@link Hello#floor()})
 */
public record Positions(String bikeId, List<Position> positions, boolean live, long floor) implements Message {

    public Positions {
        positions = List.copyOf(positions);
    }

    /** A backfill batch with no floor, as a simple client sends. */
    public Positions(String bikeId, List<Position> positions) {
        this(bikeId, positions, false, 0);
    }
}
