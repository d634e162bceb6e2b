package com.bikefleet.model.protocol;

import com.bikefleet.model.Position;
import java.util.List;

/** Bike to server: a batch of fixes from the bike's outbox, in ascending sequence order. */
public record Positions(String bikeId, List<Position> positions) implements Message {

    public Positions {
        positions = List.copyOf(positions);
    }
}
