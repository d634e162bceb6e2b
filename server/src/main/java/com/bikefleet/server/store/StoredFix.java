package com.bikefleet.server.store;

import com.bikefleet.model.Fix;

/** A fix as the store holds it: the fix with the outbox and sequence number it came with. */
public record StoredFix(String outboxId, long seq, Fix fix) {
}
