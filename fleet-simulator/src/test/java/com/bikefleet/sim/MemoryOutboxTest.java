package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryOutboxTest {

    private static Fix fix(int n) {
        return new Fix(Instant.ofEpochSecond(1_700_000_000L + n), 52.5 + n * 1e-5, 13.4, 5.5, 90.0, null, 0.9,
                n % 2 == 0 ? 9 : null, n % 3 == 0 ? null : FixType.THREE_D);
    }

    @Test
    void numbersFixesFromOneAndGivesThemBackUnchanged() {
        MemoryOutbox outbox = new MemoryOutbox("box", 1000);
        assertEquals(0, outbox.lastSeq());
        assertEquals(0, outbox.floor());
        assertNull(outbox.newestPending());
        for (int n = 1; n <= 100; n++) {
            assertEquals(n, outbox.append(fix(n)).seq());
        }
        assertEquals(100, outbox.depth());
        assertEquals(100, outbox.lastSeq());
        assertEquals(0, outbox.floor());
        List<Position> all = outbox.pendingBetween(0, Long.MAX_VALUE, 1000);
        assertEquals(100, all.size());
        for (int n = 1; n <= 100; n++) {
            assertEquals(new Position(n, fix(n)), all.get(n - 1));
        }
        assertEquals(new Position(100, fix(100)), outbox.newestPending());
    }

    @Test
    void pendingBetweenHonoursBothBoundsAndTheLimit() {
        MemoryOutbox outbox = new MemoryOutbox(1000);
        for (int n = 1; n <= 50; n++) {
            outbox.append(fix(n));
        }
        List<Position> page = outbox.pendingBetween(10, 20, 5);
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), page.stream().map(Position::seq).toList());
        assertEquals(9, outbox.pendingBetween(10, 20, 100).size());
        assertEquals(List.of(), outbox.pendingBetween(50, Long.MAX_VALUE, 10));
    }

    @Test
    void aCumulativeAckDeletesUpToItsNumberAndMovesTheFloor() {
        MemoryOutbox outbox = new MemoryOutbox(1000);
        for (int n = 1; n <= 40; n++) {
            outbox.append(fix(n));
        }
        assertEquals(25, outbox.acknowledge(25));
        assertEquals(0, outbox.acknowledge(25), "an ack repeated deletes nothing");
        assertEquals(25, outbox.floor());
        assertEquals(15, outbox.depth());
        assertEquals(26, outbox.pendingBetween(0, Long.MAX_VALUE, 1).get(0).seq());
        assertEquals(15, outbox.acknowledge(1_000), "an ack past the newest covers what there is");
        assertEquals(40, outbox.floor());
        assertEquals(40, outbox.lastSeq());
        assertEquals(41, outbox.append(fix(41)).seq(), "numbering goes on after the outbox emptied");
    }

    @Test
    void keepsItsNumbersThroughManyGrowAndCompactCycles() {
        MemoryOutbox outbox = new MemoryOutbox(1_000_000);
        long acked = 0;
        for (int n = 1; n <= 100_000; n++) {
            outbox.append(fix(n));
            if (n % 7 == 0) {
                acked = n - 3;
                outbox.acknowledge(acked);
            }
        }
        assertEquals(acked, outbox.floor());
        assertEquals(100_000 - acked, outbox.depth());
        Position first = outbox.pendingBetween(0, Long.MAX_VALUE, 1).get(0);
        assertEquals(new Position(acked + 1, fix((int) acked + 1)), first);
    }

    @Test
    void aFullOutboxDropsTheOldestAndCountsThem() {
        MemoryOutbox outbox = new MemoryOutbox(10);
        for (int n = 1; n <= 15; n++) {
            outbox.append(fix(n));
        }
        assertEquals(10, outbox.depth());
        assertEquals(5, outbox.dropped());
        assertEquals(5, outbox.floor());
        assertEquals(6, outbox.pendingBetween(0, Long.MAX_VALUE, 1).get(0).seq());
    }

    @Test
    void readingsHaveTheirOwnNumbersAndAcks() {
        MemoryOutbox outbox = new MemoryOutbox(10);
        outbox.appendReading(Instant.EPOCH, "battery", "80");
        outbox.appendReading(null, "lock", "open");
        assertEquals(0, outbox.telemetryFloor());
        assertEquals(2, outbox.pendingReadings(0, 10).size());
        assertEquals(1, outbox.acknowledgeReadings(1));
        assertEquals(1, outbox.telemetryFloor());
        assertEquals("lock", outbox.pendingReadings(1, 10).get(0).name());
    }

    @Test
    void refusesABoundBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryOutbox(0));
    }
}
