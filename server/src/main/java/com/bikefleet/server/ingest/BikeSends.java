package com.bikefleet.server.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound on replies queued for one bike, and what the server counts about it for /metrics.
 *
 * @param maxQueuedBytes     bytes of frames to one bike not yet written to its socket before it counts as not
 *                           reading and is closed (1008)
 * @param queuedBytes        such bytes over all bike connections now
 * @param closedNotReading   bike connections closed for not reading
 */
record BikeSends(long maxQueuedBytes, LongAdder queuedBytes, AtomicLong closedNotReading) {

    /**
     * A bike is sent acks of some 30 bytes, errors of at most a few hundred and now and then a command; even
     * hundreds of them in flight on a slow link are some 10 KB. 256 KiB unsent (behind what the socket
     * buffers already hold) is a client that has stopped reading. Small, because it is per connection: a
     * thousand such bikes hold 256 MB.
     */
    static final long DEFAULT_MAX_QUEUED_BYTES = 256 * 1024;

    BikeSends(long maxQueuedBytes) {
        this(maxQueuedBytes, new LongAdder(), new AtomicLong());
    }
}
