package com.bikefleet.model;

import java.util.Objects;

/**
 * A fix as it travels to the server: numbered by the bike's outbox. Sequence numbers start at 1 in a
 * fresh outbox and only grow, so (bike, outbox id, seq) names one fix for ever.
 */
public record Position(long seq, Fix fix) {

    public Position {
        Objects.requireNonNull(fix, "fix");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
    }
}
