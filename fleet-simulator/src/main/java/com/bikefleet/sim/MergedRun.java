package com.bikefleet.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Several processes' results as one run: totals added, histograms merged, and the per-second series lined
 * up by wall-clock second (a process without a point in some second counts with its previous one).
 */
final class MergedRun {

    /**
     * One process's latencies over its own measuring window: in the backfill scenario the live fleet's
     * fixes and the backfilling bikes' are measured over different windows, and only the live fleet's say
     * whether live latency was kept.
     */
    record Role(String role, long measureFrom, long measureTo, Histogram ack, Histogram live, Double cpuPercent) {
    }

    /** One second of the whole run; latencies in microseconds, counters cumulative. */
    record Second(long t, long sent, long acked, long delivered, int bikes, int listeners, long pending,
                  long bikeReconnects, Histogram ack, Histogram live) {
    }

    final List<RunResult> parts;
    final List<Second> seconds = new ArrayList<>();
    final List<RunResult.ServerPoint> server = new ArrayList<>();
    final Histogram ack = Histograms.empty();
    final Histogram live = Histograms.empty();
    final long measureFrom;
    final long measureTo;
    long bikes;
    long listeners;
    long sent;
    long acked;
    long delivered;
    long bikeReconnects;
    long listenerReconnects;
    long listenerErrors;
    final List<RunResult.LossReport> losses = new ArrayList<>();
    final List<Role> roles = new ArrayList<>();

    MergedRun(List<RunResult> parts) {
        this.parts = parts;
        long from = 0;
        long to = Long.MAX_VALUE;
        for (RunResult r : parts) {
            from = Math.max(from, r.measureFrom());
            to = Math.min(to, r.measureTo());
            RunResult.Totals t = r.totals();
            bikes += t.bikes();
            listeners += t.listeners();
            sent += t.sent();
            acked += t.acked();
            delivered += t.delivered();
            bikeReconnects += t.bikeReconnects();
            listenerReconnects += t.listenerReconnects();
            listenerErrors += t.listenerErrors();
            Histogram partAck = Histograms.decode(r.ackHistogram());
            Histogram partLive = Histograms.decode(r.listenerHistogram());
            ack.add(partAck);
            live.add(partLive);
            roles.add(new Role(r.role(), r.measureFrom(), r.measureTo(), partAck, partLive, r.cpuPercent()));
            server.addAll(r.server());
            if (r.loss() != null && r.totals().bikes() > 0) {
                losses.add(r.loss());
            }
        }
        measureFrom = from;
        measureTo = to;
        alignSeconds();
    }

    private void alignSeconds() {
        List<TreeMap<Long, RunResult.SeriesPoint>> bySecond = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (RunResult r : parts) {
            TreeMap<Long, RunResult.SeriesPoint> map = new TreeMap<>();
            for (RunResult.SeriesPoint p : r.series()) {
                long second = p.t() / 1000;
                RunResult.SeriesPoint earlier = map.get(second);
                // Two samples in one second: keep the later counters, but no latencies may be dropped.
                map.put(second, earlier == null ? p : combine(earlier, p));
                first = Math.min(first, second);
                last = Math.max(last, second);
            }
            bySecond.add(map);
        }
        for (long s = first; s <= last && first != Long.MAX_VALUE; s++) {
            long sentNow = 0, ackedNow = 0, deliveredNow = 0, pending = 0, reconnects = 0;
            int bikesNow = 0, listenersNow = 0;
            Histogram a = Histograms.empty();
            Histogram l = Histograms.empty();
            for (TreeMap<Long, RunResult.SeriesPoint> map : bySecond) {
                var floor = map.floorEntry(s);
                if (floor == null) {
                    continue;
                }
                RunResult.SeriesPoint p = floor.getValue();
                sentNow += p.sent();
                ackedNow += p.acked();
                deliveredNow += p.delivered();
                pending += p.pending();
                reconnects += p.bikeReconnects();
                if (floor.getKey() == s) {
                    bikesNow += p.bikes();
                    listenersNow += p.listeners();
                    a.add(Histograms.decode(p.ack()));
                    l.add(Histograms.decode(p.live()));
                } else {
                    bikesNow += p.bikes();
                    listenersNow += p.listeners();
                }
            }
            seconds.add(new Second(s * 1000, sentNow, ackedNow, deliveredNow, bikesNow, listenersNow, pending,
                    reconnects, a, l));
        }
    }

    private static RunResult.SeriesPoint combine(RunResult.SeriesPoint a, RunResult.SeriesPoint b) {
        Histogram ack = Histograms.decode(a.ack());
        ack.add(Histograms.decode(b.ack()));
        Histogram live = Histograms.decode(a.live());
        live.add(Histograms.decode(b.live()));
        return new RunResult.SeriesPoint(b.t(), b.sent(), b.acked(), b.delivered(), b.bikes(), b.listeners(),
                b.pending(), b.bikeReconnects(), b.listenerReconnects(), Histograms.encode(ack), Histograms.encode(live));
    }

    /** Fixes per second of a cumulative counter over the measured window. */
    double rate(java.util.function.ToLongFunction<Second> counter) {
        Second from = null;
        Second to = null;
        for (Second s : seconds) {
            if (from == null && s.t() >= measureFrom - 999) {
                from = s;
            }
            if (s.t() <= measureTo) {
                to = s;
            }
        }
        if (from == null || to == null || to.t() <= from.t()) {
            return 0;
        }
        return (counter.applyAsLong(to) - counter.applyAsLong(from)) * 1000.0 / (to.t() - from.t());
    }

    /** The highest one-second increase of a cumulative counter anywhere in the run. */
    long peakPerSecond(java.util.function.ToLongFunction<Second> counter) {
        long peak = 0;
        for (int i = 1; i < seconds.size(); i++) {
            peak = Math.max(peak, counter.applyAsLong(seconds.get(i)) - counter.applyAsLong(seconds.get(i - 1)));
        }
        return peak;
    }
}
