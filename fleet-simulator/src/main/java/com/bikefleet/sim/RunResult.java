package com.bikefleet.sim;

import java.util.List;
import java.util.Map;

/**
 * What one simulator process writes at the end of its run; {@code report} merges several. Times are epoch
 * milliseconds, latencies microseconds, histograms {@link Histograms#encode encoded}. {@code cpuPercent} is
 * this simulator process's own CPU over its measuring window (100 = one core), null where the JVM could not
 * tell: on a machine the simulators share with the server, it says how much of it the load itself took.
 */
record RunResult(String role, Map<String, String> settings, long startedAt, long measureFrom, long measureTo,
                 long endedAt, Totals totals, String ackHistogram, String listenerHistogram,
                 List<SeriesPoint> series, List<ServerPoint> server, LossReport loss,
                 String loadAverageStart, String loadAverageEnd, Double cpuPercent) {

    record Totals(int bikes, int listeners, long sent, long acked, long delivered, long bikeReconnects,
                  long listenerReconnects, long listenerErrors, long pendingAtEnd) {
    }

    /** One second of one process: counters are cumulative, histograms hold that second only. */
    record SeriesPoint(long t, long sent, long acked, long delivered, int bikes, int listeners, long pending,
                       long bikeReconnects, long listenerReconnects, String ack, String live) {
    }

    /** One sample of the server process, from /proc, jcmd and /metrics; null where it could not be read. */
    record ServerPoint(long t, Double cpuPercent, Long rssKb, Long heapUsedKb, Long connectedBikes, Long listeners) {
    }

    /** The end-of-run check against the server's store, per bike and outbox. */
    record LossReport(boolean checked, int bikes, long sent, long acked, long stored, long lost, long extra,
                      int bikesWithLoss, List<String> examples) {

        static LossReport notChecked(int bikes, long sent, long acked) {
            return new LossReport(false, bikes, sent, acked, 0, 0, 0, 0, List.of());
        }
    }
}
