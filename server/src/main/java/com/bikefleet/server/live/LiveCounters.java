package com.bikefleet.server.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the fan-out counts, shared by the hub and its listeners; read by metrics. */
final class LiveCounters {

    final AtomicLong coalesced = new AtomicLong();
    final AtomicLong closedTooSlow = new AtomicLong();
    /** Bytes of frames to listeners not yet written to their sockets. */
    final LongAdder queuedBytes = new LongAdder();
}
