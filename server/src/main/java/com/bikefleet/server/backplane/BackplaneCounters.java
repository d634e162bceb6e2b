package com.bikefleet.server.backplane;

import java.util.concurrent.atomic.AtomicLong;

/** What the backplane counts for /metrics; written from any thread. */
public final class BackplaneCounters {

    final AtomicLong published = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    public long published() {
        return published.get();
    }

    /** Messages not sent because Redis was unreachable: live updates other instances' listeners missed. */
    public long publishFailures() {
        return publishFailures.get();
    }

    public long received() {
        return received.get();
    }
}
