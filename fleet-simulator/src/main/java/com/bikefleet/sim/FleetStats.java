package com.bikefleet.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one simulator process counts. Written by many threads (bike workers, Tyrus' threads, listeners);
 * read once a second by the {@link SeriesSampler}. Latencies are in microseconds.
 */
final class FleetStats {

    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder bikeReconnects = new LongAdder();
    final LongAdder listenerReconnects = new LongAdder();
    final LongAdder listenerErrors = new LongAdder();
    /** Fixes in the virtual bikes' outboxes, waiting for an ack (backlog included). */
    final LongAdder pending = new LongAdder();
    final AtomicInteger connectedBikes = new AtomicInteger();
    final AtomicInteger connectedListeners = new AtomicInteger();

    private final Recorder ackLatency = new Recorder(3);
    private final Recorder listenerLatency = new Recorder(3);

    void ackLatencyMicros(long micros) {
        ackLatency.recordValue(Math.max(0, micros));
    }

    void listenerLatencyMicros(long micros) {
        listenerLatency.recordValue(Math.max(0, micros));
    }

    /** The ack latencies recorded since the previous call (the sampler's thread only). */
    Histogram ackInterval(Histogram recycle) {
        return ackLatency.getIntervalHistogram(recycle);
    }

    Histogram listenerInterval(Histogram recycle) {
        return listenerLatency.getIntervalHistogram(recycle);
    }
}
