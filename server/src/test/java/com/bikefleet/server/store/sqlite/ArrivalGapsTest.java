package com.bikefleet.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.OutboxIncidents;
import com.bikefleet.server.store.SeqRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalGapsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    private static List<FixArrivals.Arrival> arrivals(String outbox, long... seqs) {
        List<FixArrivals.Arrival> list = new ArrayList<>();
        for (long seq : seqs) {
            list.add(new FixArrivals.Arrival(seq, outbox, seq, Fix.of(T0.plusSeconds(seq), 52.0, 13.0), 0));
        }
        return list;
    }

    private static GapReport history(OutboxGaps... outboxes) {
        return new GapReport("bike-a", 3L, List.of(outboxes), OutboxIncidents.NONE);
    }

    @Test
    void withoutArrivalsTheHistorysReportIsTheAnswer() {
        GapReport history = history(new OutboxGaps("o1", 1, 9, 8, 1, List.of(new SeqRange(5, 5)), false));
        assertSame(history, ArrivalGaps.merge(history, List.of(), 10));
    }

    @Test
    void anArrivalThatACopiedRoundAlsoLeftInTheHistoryCountsOnce() {
        GapReport history = history(new OutboxGaps("o1", 1, 9, 7, 2, List.of(new SeqRange(4, 5)), false));
        // 9 is in both (copied, not yet let go of); 4 fills half a gap; 11 extends the range.
        GapReport merged = ArrivalGaps.merge(history, arrivals("o1", 4, 9, 11), 10);
        assertEquals(List.of(new OutboxGaps("o1", 1, 11, 9, 2, List.of(new SeqRange(5, 5), new SeqRange(10, 10)),
                false)), merged.outboxes());
        assertEquals(3L, merged.dropped());
    }

    @Test
    void arrivalsBelowTheHistoryAndInANewOutboxAreReportedInOutboxOrder() {
        GapReport history = history(new OutboxGaps("o2", 10, 12, 3, 0, List.of(), false));
        GapReport merged = ArrivalGaps.merge(history, arrivals("o2", 7, 8), 10);
        assertEquals(new OutboxGaps("o2", 7, 12, 5, 1, List.of(new SeqRange(9, 9)), false), merged.outboxes().get(0));
        List<FixArrivals.Arrival> both = new ArrayList<>(arrivals("o3", 2));
        both.addAll(arrivals("o1", 1));
        assertEquals(List.of("o1", "o2", "o3"), ArrivalGaps.merge(history, both, 10).outboxes().stream()
                .map(OutboxGaps::outboxId).toList());
    }

    @Test
    void theLimitIsAppliedToTheHistoryAloneToo() {
        GapReport history = history(new OutboxGaps("o1", 1, 9, 6, 3,
                List.of(new SeqRange(2, 2), new SeqRange(4, 4), new SeqRange(6, 6)), false));
        assertEquals(new OutboxGaps("o1", 1, 9, 6, 3, List.of(new SeqRange(2, 2)), true),
                ArrivalGaps.merge(history, List.of(), 1).outboxes().get(0));
    }
}
