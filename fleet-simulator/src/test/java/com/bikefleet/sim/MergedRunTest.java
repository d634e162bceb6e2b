package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MergedRunTest {

    private static String histogram(long... micros) {
        Histogram h = Histograms.empty();
        for (long m : micros) {
            h.recordValue(m);
        }
        return Histograms.encode(h);
    }

    private static RunResult part(String role, long bikes, List<RunResult.SeriesPoint> series, String ack) {
        return new RunResult(role, Map.of(), 0, 1_000, 3_000, 4_000,
                new RunResult.Totals((int) bikes, 0, 30, 30, 0, 1, 0, 0, 0), ack, null, series, List.of(),
                RunResult.LossReport.notChecked((int) bikes, 30, 30), "0", "0", 50.0);
    }

    private static RunResult.SeriesPoint point(long t, long sent, String ack) {
        return new RunResult.SeriesPoint(t, sent, sent, 0, 10, 0, 0, 0, 0, ack, null);
    }

    @Test
    void addsTotalsMergesHistogramsAndLinesUpSeconds() {
        RunResult a = part("a", 10, List.of(point(1_000, 0, histogram(1_000)), point(2_000, 10, null),
                point(3_000, 20, histogram(3_000))), histogram(1_000, 3_000));
        // b misses second 2: its second-1 counters carry over.
        RunResult b = part("b", 10, List.of(point(1_100, 0, null), point(3_050, 40, histogram(50_000))),
                histogram(50_000));
        MergedRun run = new MergedRun(List.of(a, b));
        assertEquals(20, run.bikes);
        assertEquals(60, run.sent);
        assertEquals(3, run.ack.getTotalCount());
        assertEquals(3, run.seconds.size());
        assertEquals(10, run.seconds.get(1).sent(), "second 2: a at 10, b still at 0");
        assertEquals(60, run.seconds.get(2).sent());
        assertEquals(2, run.seconds.get(2).ack().getTotalCount());
        assertEquals(30.0, run.rate(MergedRun.Second::sent), 0.001);
        assertEquals(50, run.peakPerSecond(MergedRun.Second::sent));
    }

    @Test
    void eachProcessKeepsItsOwnLatenciesBesideTheMergedOnes() {
        RunResult live = part("bikes-0", 10, List.of(point(1_000, 0, histogram(2_000))), histogram(2_000, 4_000));
        RunResult backfill = part("backfill", 10, List.of(point(1_000, 0, histogram(900_000))), histogram(900_000));
        MergedRun run = new MergedRun(List.of(live, backfill));
        assertEquals(3, run.ack.getTotalCount());
        List<Map<String, Object>> roles = ReportCommand.byRole(run);
        assertEquals("bikes-0", roles.get(0).get("role"));
        Map<?, ?> liveAck = (Map<?, ?>) roles.get(0).get("reportToAckMs");
        assertEquals(2L, liveAck.get("count"));
        assertEquals(4.0, (Double) liveAck.get("max"), 0.05, "the backfill's 900 ms is not the live fleet's");
        assertEquals(900.0, (Double) ((Map<?, ?>) roles.get(1).get("reportToAckMs")).get("max"), 1.0);
        assertEquals(0.0, (Double) roles.get(0).get("measuredFromS"), 0.001);
        assertEquals(2.0, (Double) roles.get(0).get("measuredToS"), 0.001);
        assertEquals(50.0, (Double) roles.get(0).get("cpuPercent"), 0.001, "the process's own CPU, as it wrote it");
    }

    @Test
    void histogramsSurviveTheirTextForm() {
        Histogram h = Histograms.decode(histogram(5, 500, 50_000));
        assertEquals(3, h.getTotalCount());
        assertEquals(50_000, h.getMaxValue(), 50);
        assertEquals(0, Histograms.decode(null).getTotalCount());
    }
}
