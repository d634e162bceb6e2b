package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FloorRatioTest {

    private static Map<String, Object> summary(double cpu, double acked, double p50, double p99) {
        return Map.of("server", Map.of("cpuPercentMean", cpu), "throughput", Map.of("ackedPerSecond", acked),
                "reportToAckMs", Map.of("p50", p50, "p99", p99));
    }

    @Test
    void theServerIsComparedPerFixAndPerLatencyWithTheFloor() {
        Map<String, Object> ratio = FloorRatio.compare(summary(50, 1000, 6, 30), summary(20, 1000, 2, 4));
        // 50 % of a core for 1,000 fixes/s is 500 ms of CPU per second: 500 ms per 1,000 fixes.
        assertEquals(Map.of("run", 500.0, "floor", 200.0, "ratio", 2.5), ratio.get("server CPU ms per 1,000 fixes"));
        assertEquals(Map.of("run", 30.0, "floor", 4.0, "ratio", 7.5), ratio.get("report-to-ack p99 ms"));
        assertEquals(2.5, ((Map<?, ?>) ratio.get("server CPU % of a core")).get("ratio"));
    }

    @Test
    void aFigureMissingOnEitherSideHasNoRatio() {
        Map<String, Object> ratio = FloorRatio.compare(summary(50, 1000, 6, 30), Map.of());
        assertNull(((Map<?, ?>) ratio.get("report-to-ack p50 ms")).get("ratio"));
        assertNull(FloorRatio.perThousand(50.0, 0.0));
    }
}
