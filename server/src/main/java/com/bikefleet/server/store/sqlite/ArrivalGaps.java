package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.SeqRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bike's gap report from the history table's report and the bike's arrivals held in memory, so a gap read
 * does not scan the arrivals table (no index by bike, on purpose: see {@link FixArrivals}); through the
 * {@code fixes} view it took 8.5 ms at ten times the seed rate, against 0.2 ms from the history alone.
 *
 * <p>Each outbox's stored numbers are taken as intervals (the history's lowest to highest less its gaps, and
 * each arrival on its own), joined, and the gaps read off between them. A fix that a round has copied but not
 * yet let go of is in both and counts once. The history's report must hold every gap (no limit): the limit is
 * applied here, after the arrivals have filled some.
 */
final class ArrivalGaps {

    private ArrivalGaps() {
    }

    static GapReport merge(GapReport history, List<FixArrivals.Arrival> arrivals, int maxGaps) {
        if (arrivals.isEmpty() && history.outboxes().stream().allMatch(o -> o.gaps().size() <= maxGaps)) {
            return history;
        }
        Map<String, List<SeqRange>> stored = new TreeMap<>();
        for (OutboxGaps outbox : history.outboxes()) {
            stored.put(outbox.outboxId(), storedRanges(outbox));
        }
        for (FixArrivals.Arrival arrival : arrivals) {
            stored.computeIfAbsent(arrival.outboxId(), id -> new ArrayList<>())
                    .add(new SeqRange(arrival.seq(), arrival.seq()));
        }
        List<OutboxGaps> outboxes = new ArrayList<>(stored.size());
        stored.forEach((outboxId, ranges) -> outboxes.add(gaps(outboxId, joined(ranges), maxGaps)));
        return new GapReport(history.bikeId(), history.dropped(), outboxes, history.incidents());
    }

    /** The history's stored numbers: its lowest to highest, less its gaps. */
    private static List<SeqRange> storedRanges(OutboxGaps outbox) {
        List<SeqRange> ranges = new ArrayList<>(outbox.gaps().size() + 1);
        long from = outbox.lowestSeq();
        for (SeqRange gap : outbox.gaps()) {
            ranges.add(new SeqRange(from, gap.first() - 1));
            from = gap.last() + 1;
        }
        ranges.add(new SeqRange(from, outbox.highestSeq()));
        return ranges;
    }

    /** Sorted and joined where they overlap or touch. */
    private static List<SeqRange> joined(List<SeqRange> ranges) {
        ranges.sort(Comparator.comparingLong(SeqRange::first));
        List<SeqRange> out = new ArrayList<>(ranges.size());
        SeqRange current = null;
        for (SeqRange range : ranges) {
            if (current == null) {
                current = range;
            } else if (range.first() <= current.last() + 1) {
                current = new SeqRange(current.first(), Math.max(current.last(), range.last()));
            } else {
                out.add(current);
                current = range;
            }
        }
        out.add(current);
        return out;
    }

    private static OutboxGaps gaps(String outboxId, List<SeqRange> stored, int maxGaps) {
        long count = 0;
        long missing = 0;
        List<SeqRange> gaps = new ArrayList<>();
        SeqRange previous = null;
        for (SeqRange range : stored) {
            count += range.count();
            if (previous != null) {
                SeqRange gap = new SeqRange(previous.last() + 1, range.first() - 1);
                missing += gap.count();
                if (gaps.size() < maxGaps) {
                    gaps.add(gap);
                }
            }
            previous = range;
        }
        boolean truncated = stored.size() - 1 > maxGaps;
        return new OutboxGaps(outboxId, stored.get(0).first(), previous.last(), count, missing, gaps, truncated);
    }
}
