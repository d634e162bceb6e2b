package com.bikefleet.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's figures beside the same scenario's against the floor: server CPU (mean, % of a core), server CPU
 * per thousand acknowledged fixes, and report-to-ack latency, each with the ratio run / floor. Both are
 * {@code report}'s result.json summaries.
 */
final class FloorRatio {

    private FloorRatio() {
    }

    static Map<String, Object> compare(Map<String, Object> run, Map<String, Object> floor) {
        Map<String, Object> out = new LinkedHashMap<>();
        Double runCpu = number(run, "server", "cpuPercentMean");
        Double floorCpu = number(floor, "server", "cpuPercentMean");
        Double runRate = number(run, "throughput", "ackedPerSecond");
        Double floorRate = number(floor, "throughput", "ackedPerSecond");
        out.put("fixes acked per s", row(runRate, floorRate));
        out.put("server CPU % of a core", row(runCpu, floorCpu));
        out.put("server CPU ms per 1,000 fixes", row(perThousand(runCpu, runRate), perThousand(floorCpu, floorRate)));
        for (String p : new String[] {"p50", "p99"}) {
            out.put("report-to-ack " + p + " ms", row(number(run, "reportToAckMs", p), number(floor, "reportToAckMs", p)));
        }
        return out;
    }

    /** CPU milliseconds per 1,000 fixes: (percent of a core / 100 * 1000 ms per s) / (fixes per s / 1000). */
    static Double perThousand(Double cpuPercent, Double fixesPerSecond) {
        if (cpuPercent == null || fixesPerSecond == null || fixesPerSecond <= 0 || cpuPercent.isNaN()) {
            return null;
        }
        return Math.round(cpuPercent * 10 * 1000 / fixesPerSecond * 100) / 100.0;
    }

    private static Map<String, Object> row(Double run, Double floor) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run);
        out.put("floor", floor);
        out.put("ratio", run == null || floor == null || floor == 0 || run.isNaN() || floor.isNaN() ? null
                : Math.round(run / floor * 100) / 100.0);
        return out;
    }

    private static Double number(Map<String, Object> summary, String section, String key) {
        if (summary.get(section) instanceof Map<?, ?> m && m.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }
}
