package com.bikefleet.server.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Everything the server counts, in one place, with methods named after what happened rather than after
 * metric types, so callers need not know the metrics library. One instance per server: its own registry,
 * never the library's global one, so two servers in one JVM (tests) do not share counts.
 *
 * <p>Names follow Prometheus conventions: base units (seconds), {@code _total} on counters. Rates such as
 * fixes per second come from {@code rate()} on the counters, not from here.
 */
public final class ServerMetrics {

    /** Ack latency buckets: a commit's fsync takes milliseconds; seconds mean the store is struggling. */
    private static final double[] ACK_LATENCY_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Writes per transaction: 1 when idle, up to the commit group limit (500 by default) under load. */
    private static final double[] COMMIT_SIZES = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final CounterDataPoint fixesReceived;
    private final CounterDataPoint fixesStored;
    private final Map<AckKind, CounterDataPoint> acksSent = new EnumMap<>(AckKind.class);
    private final Map<AckKind, DistributionDataPoint> ackLatency = new EnumMap<>(AckKind.class);
    private final Map<RejectReason, CounterDataPoint> rejected = new EnumMap<>(RejectReason.class);
    private final DistributionDataPoint commitSize;
    private final DistributionDataPoint commitTime;

    public ServerMetrics() {
        // Heap, GC, threads, class loading and the process' CPU time and resident memory (jvm_*, process_*),
        // so a load test can sample the server's cost from /metrics alone.
        JvmMetrics.builder().register(registry);
        fixesReceived = Counter.builder().name("bikefleet_fixes_received_total")
                .help("Fixes received from bikes, valid or not, before storage").register(registry);
        fixesStored = Counter.builder().name("bikefleet_fixes_stored_total")
                .help("Valid fixes committed to storage (a resent fix counts again)").register(registry);
        Counter acks = Counter.builder().name("bikefleet_acks_sent_total")
                .help("Acks sent to bikes after a commit").labelNames("kind").register(registry);
        Histogram latency = Histogram.builder().name("bikefleet_ack_latency_seconds")
                .help("From a frame's arrival to its ack being sent (decode, queue, commit)")
                .labelNames("kind").classicOnly().classicUpperBounds(ACK_LATENCY_SECONDS).register(registry);
        for (AckKind kind : AckKind.values()) {
            // Made up front so every series exists at 0 and rate() works from the first scrape.
            acksSent.put(kind, acks.labelValues(kind.label()));
            ackLatency.put(kind, latency.labelValues(kind.label()));
        }
        Counter rejects = Counter.builder().name("bikefleet_frames_rejected_total")
                .help("Frames refused or partly refused by ingest").labelNames("reason").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, rejects.labelValues(reason.label()));
        }
        commitSize = Histogram.builder().name("bikefleet_commit_writes")
                .help("Writes (batches, readings, status updates) per storage transaction")
                .classicOnly().classicUpperBounds(COMMIT_SIZES).register(registry);
        // Every ack waits for its commit, so a slow commit shows here first and in ack latency after.
        commitTime = Histogram.builder().name("bikefleet_commit_seconds")
                .help("Time to write and commit one storage transaction (SQLite: including its fsync and any WAL checkpoint)")
                .classicOnly().classicUpperBounds(ACK_LATENCY_SECONDS).register(registry);
    }

    /** Exports the number of connected bikes, read at each scrape. */
    public void connectedBikes(IntSupplier count) {
        gauge("bikefleet_connected_bikes", "Bikes with an open WebSocket", count);
    }

    /** Exports the writes waiting for the storage committer, read at each scrape. */
    public void storageQueue(IntSupplier depth) {
        gauge("bikefleet_storage_queue_depth", "Writes waiting for the storage committer", depth);
    }

    /** How far behind the store's live writes are (FixStore#liveLagNanos): what admission defers new bikes on. */
    public void storageLiveLag(java.util.function.LongSupplier nanos) {
        GaugeWithCallback.builder().name("bikefleet_storage_live_lag_seconds")
                .help("How far the store's live writes are behind: the oldest waiting one's age, or the committer's"
                        + " time for those waiting, whichever is longer")
                .callback(callback -> callback.call(nanos.getAsLong() / 1e9)).register(registry);
    }

    private void gauge(String name, String help, IntSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsInt())).register(registry);
    }

    public void fixesReceived(int count) {
        fixesReceived.inc(count);
    }

    public void fixesStored(int count) {
        fixesStored.inc(count);
    }

    /** An ack went out; {@code arrivedNanos} is {@link System#nanoTime()} when its frame arrived. */
    public void ackSent(AckKind kind, long arrivedNanos) {
        acksSent.get(kind).inc();
        ackLatency.get(kind).observe((System.nanoTime() - arrivedNanos) / 1e9);
    }

    public void frameRejected(RejectReason reason) {
        rejected.get(reason).inc();
    }

    /** One storage transaction committed with this many writes, written and committed in {@code nanos}. */
    public void committed(int writes, long nanos) {
        commitSize.observe(writes);
        commitTime.observe(nanos / 1e9);
    }

    /**
     * Exports how many fixes arrived under a (bike, outbox id, seq) already stored with another time or position,
     * read at each scrape: a bike whose outbox rolled back and reused numbers (the stored fix was kept).
     */
    public void duplicateConflicts(LongSupplier count) {
        counter("bikefleet_duplicate_conflicts_total",
                "Fixes that reused a stored (bike, outbox, seq) with other content; the stored fix was kept", count);
    }

    /** Exports how many bike handshakes were deferred (503 with Retry-After), read at each scrape. */
    public void handshakesDeferred(LongSupplier count) {
        counter("bikefleet_handshakes_deferred_total",
                "Bike handshakes answered 503 with Retry-After because the store was behind", count);
    }

    /**
     * Exports the live fan-out's own counts, read at each scrape: listeners connected, updates a slow
     * listener never got because a newer one for the same bike replaced them, and listeners closed for
     * falling too far behind.
     */
    public void liveFanout(IntSupplier listeners, LongSupplier coalesced, LongSupplier closedTooSlow) {
        gauge("bikefleet_listeners", "Live listeners connected to /ws/live", listeners);
        counter("bikefleet_listener_updates_coalesced_total",
                "Updates a slow listener did not get because a newer one for the same bike replaced them", coalesced);
        counter("bikefleet_listeners_closed_too_slow_total", "Listeners closed with 4003 for falling behind",
                closedTooSlow);
    }

    /** Exports the events waiting for the live hand-off thread, and those it dropped because it was full. */
    public void liveHandoff(IntSupplier queued, LongSupplier dropped) {
        gauge("bikefleet_live_handoff_queued", "Events from ingest waiting to be handed to the live listeners",
                queued);
        counter("bikefleet_live_handoff_dropped_total",
                "Events from ingest the live side never got because its hand-off queue was full", dropped);
    }

    /**
     * Exports the bounds on what a client can make the server hold or write, read at each scrape: bytes of
     * frames queued for bikes and for listeners but not yet written to their sockets, bike connections closed
     * for not reading them, and log lines left out because their connection or address was over its budget.
     */
    public void clientBounds(LongSupplier bikeQueuedBytes, LongSupplier listenerQueuedBytes,
                             LongSupplier bikesClosedNotReading, LongSupplier logLinesSuppressed) {
        GaugeWithCallback.builder().name("bikefleet_send_queue_bytes")
                .help("Bytes of frames handed to the WebSocket layer and not yet written to the client's socket")
                .labelNames("endpoint")
                .callback(callback -> {
                    callback.call(bikeQueuedBytes.getAsLong(), "bikes");
                    callback.call(listenerQueuedBytes.getAsLong(), "live");
                }).register(registry);
        counter("bikefleet_bikes_closed_not_reading_total",
                "Bike connections closed with 1008 because their replies piled up unread", bikesClosedNotReading);
        counter("bikefleet_log_lines_suppressed_total",
                "Log lines not written because their connection or remote address was over its log budget",
                logLinesSuppressed);
    }

    /**
     * Exports what the web server's door refused: connections closed for not finishing a request head in
     * time, upgrades refused for their path (400, 404), and WebSocket connections closed for a frame their
     * endpoint does not take (1009, 1002, 1003).
     */
    public void door(LongSupplier connectionsTimedOut, LongSupplier upgradesRefusedForPath, LongSupplier framesRefused) {
        counter("bikefleet_connections_timed_out_total",
                "Connections closed for not sending a complete request head in time (http.request-timeout, "
                        + "http.keep-alive-timeout)", connectionsTimedOut);
        counter("bikefleet_upgrades_refused_path_total",
                "WebSocket upgrades answered 400 (path not canonical) or 404 (no endpoint there)", upgradesRefusedForPath);
        counter("bikefleet_frames_refused_total",
                "WebSocket connections closed for a frame over the limit (1009), unmasked (1002) or binary (1003)",
                framesRefused);
    }

    /**
     * Exports the Redis backplane's state, read at each scrape: whether it is connected, messages published,
     * messages that could not be published (Redis unreachable: other instances' listeners missed them),
     * messages received, and bikes held by other instances.
     */
    public void backplane(IntSupplier up, LongSupplier published, LongSupplier publishFailures, LongSupplier received,
                          IntSupplier remoteBikes) {
        gauge("bikefleet_backplane_up", "1 when the Redis backplane is connected, else 0", up);
        counter("bikefleet_backplane_published_total", "Messages published to the Redis backplane", published);
        counter("bikefleet_backplane_publish_failures_total",
                "Backplane messages not published because Redis was unreachable", publishFailures);
        counter("bikefleet_backplane_received_total", "Messages received from other instances", received);
        gauge("bikefleet_backplane_remote_bikes", "Bikes connected to other instances, as this one knows",
                remoteBikes);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }
}
