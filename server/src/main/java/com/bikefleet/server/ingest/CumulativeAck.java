package com.bikefleet.server.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * The highest sequence number N such that every number up to N is either stored or below the bike's
 * floor (acknowledged or dropped earlier). Fixes stored out of order (live fixes sent ahead of a
 * backlog) are remembered as ranges until the numbers below them are stored too.
 *
 * <p>One per connection and stream. Called from the store's completion callbacks, which may run on
 * the committer thread or, for an already completed write, on a Grizzly thread: hence synchronized.
 */
final class CumulativeAck {

    private long acked;
    /** Stored ranges above {@code acked}, start -> end, never touching or overlapping. */
    private final TreeMap<Long, Long> ahead = new TreeMap<>();

    /** The bike holds nothing up to {@code floor}. */
    synchronized void floor(long floor) {
        if (floor > acked) {
            acked = floor;
            advance();
        }
    }

    /** The numbers {@code from..to} (inclusive) are stored. */
    synchronized void stored(long from, long to) {
        if (to <= acked) {
            return;
        }
        long start = Math.max(from, acked + 1);
        long end = to;
        Map.Entry<Long, Long> before = ahead.floorEntry(start);
        if (before != null && before.getValue() >= start - 1) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> next = ahead.ceilingEntry(start);
        while (next != null && next.getKey() <= end + 1) {
            end = Math.max(end, next.getValue());
            ahead.remove(next.getKey());
            next = ahead.ceilingEntry(start);
        }
        ahead.put(start, end);
        advance();
    }

    private void advance() {
        Map.Entry<Long, Long> first = ahead.firstEntry();
        while (first != null && first.getKey() <= acked + 1) {
            acked = Math.max(acked, first.getValue());
            ahead.remove(first.getKey());
            first = ahead.firstEntry();
        }
    }

    synchronized long value() {
        return acked;
    }
}
