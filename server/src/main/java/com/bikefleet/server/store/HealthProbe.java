package com.bikefleet.server.store;

import java.time.Instant;

/** A tiny write that proves the store can still commit: readiness checks send one through the committer. */
public record HealthProbe(Instant at) implements StoreWrite {
}
