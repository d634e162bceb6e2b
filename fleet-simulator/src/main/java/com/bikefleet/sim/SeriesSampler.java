package com.bikefleet.sim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Once a second, a point of the time series (counters, gauges, that second's latencies), and the run's
 * latency totals over the measured period. Owned by one scheduler thread; {@link #points()} and the totals
 * are read after it stopped.
 */
final class SeriesSampler {

    private final FleetStats stats;
    private final Clock clock;
    private final List<RunResult.SeriesPoint> points = new ArrayList<>();
    private final Histogram ackTotal = Histograms.empty();
    private final Histogram listenerTotal = Histograms.empty();
    private Histogram ackInterval;
    private Histogram listenerInterval;

    SeriesSampler(FleetStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /** Takes one point; the latencies of this second count in the totals when {@code measuring}. */
    synchronized void sample(boolean measuring) {
        ackInterval = stats.ackInterval(ackInterval);
        listenerInterval = stats.listenerInterval(listenerInterval);
        if (measuring) {
            ackTotal.add(ackInterval);
            listenerTotal.add(listenerInterval);
        }
        points.add(new RunResult.SeriesPoint(clock.millis(), stats.sent.sum(), stats.acked.sum(),
                stats.delivered.sum(), stats.connectedBikes.get(), stats.connectedListeners.get(),
                stats.pending.sum(), stats.bikeReconnects.sum(), stats.listenerReconnects.sum(),
                ackInterval.getTotalCount() == 0 ? null : Histograms.encode(ackInterval),
                listenerInterval.getTotalCount() == 0 ? null : Histograms.encode(listenerInterval)));
    }

    synchronized List<RunResult.SeriesPoint> points() {
        return List.copyOf(points);
    }

    synchronized Histogram ackTotal() {
        return ackTotal.copy();
    }

    synchronized Histogram listenerTotal() {
        return listenerTotal.copy();
    }
}
