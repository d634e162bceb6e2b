package com.bikefleet.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real SQLite file. */
class OutboxTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static Fix fix(int n) {
        return new Fix(T0.plusSeconds(n), 52.5 + n * 1e-4, 13.4, 5.5, 180.0, 40.0, 1.1, 7, FixType.THREE_D);
    }

    @Test
    void appendNumbersFixesFromOneAndKeepsEveryField() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            assertEquals(1, outbox.append(fix(1)).seq());
            assertEquals(2, outbox.append(Fix.of(T0, 1.0, 2.0)).seq());

            List<Position> pending = outbox.pendingAfter(0, 10);
            assertEquals(List.of(new Position(1, fix(1)), new Position(2, Fix.of(T0, 1.0, 2.0))), pending);
        }
    }

    @Test
    void pendingAfterPagesThroughTheBacklogInOrder() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            for (int i = 1; i <= 10; i++) {
                outbox.append(fix(i));
            }
            assertEquals(List.of(4L, 5L, 6L), outbox.pendingAfter(3, 3).stream().map(Position::seq).toList());
        }
    }

    @Test
    void anAckDeletesEverythingUpToItsSequenceNumber() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            for (int i = 1; i <= 5; i++) {
                outbox.append(fix(i));
            }
            assertEquals(3, outbox.acknowledge(3));
            assertEquals(2, outbox.depth());
            assertEquals(4, outbox.pendingAfter(0, 10).get(0).seq());
        }
    }

    @Test
    void sequenceNumbersAndOutboxIdSurviveARestartEvenWhenEmpty() throws Exception {
        Path file = dir.resolve("outbox.db");
        String id;
        try (Outbox outbox = Outbox.open(file)) {
            id = outbox.outboxId();
            outbox.append(fix(1));
            outbox.append(fix(2));
            outbox.acknowledge(2);
        }
        try (Outbox reopened = Outbox.open(file)) {
            assertEquals(id, reopened.outboxId());
            assertEquals(0, reopened.depth());
            assertEquals(3, reopened.append(fix(3)).seq());
        }
    }

    @Test
    void aFreshOutboxFileGetsANewIdAndStartsAtOne() throws Exception {
        String first;
        try (Outbox outbox = Outbox.open(dir.resolve("a.db"))) {
            first = outbox.outboxId();
            outbox.append(fix(1));
        }
        try (Outbox wiped = Outbox.open(dir.resolve("sub/b.db"))) {
            assertNotEquals(first, wiped.outboxId());
            assertEquals(1, wiped.append(fix(1)).seq());
        }
    }

    @Test
    void pastTheFixCapTheOldestAreDroppedCountedAndTheCountSurvivesARestart() throws Exception {
        Path file = dir.resolve("outbox.db");
        OutboxSettings small = new OutboxSettings(10, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL);
        try (Outbox outbox = Outbox.open(file, small)) {
            for (int i = 1; i <= 25; i++) {
                outbox.append(fix(i));
            }
            assertEquals(10, outbox.depth());
            assertEquals(15, outbox.dropped());
            assertEquals(15, outbox.floor());
            assertEquals(16, outbox.pendingAfter(0, 100).get(0).seq());
        }
        try (Outbox reopened = Outbox.open(file, small)) {
            assertEquals(15, reopened.dropped());
            assertEquals(10, reopened.depth());
        }
    }

    @Test
    void pastTheByteCapTheOldestAreDropped() throws Exception {
        OutboxSettings oneMegabyte = new OutboxSettings(1_000_000, 1024 * 1024, OutboxSettings.Durability.NORMAL);
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), oneMegabyte)) {
            for (int i = 1; i <= 30_000; i++) {
                outbox.append(fix(i));
            }
            assertTrue(outbox.dropped() > 0, "nothing dropped");
            assertEquals(30_000, outbox.depth() + outbox.dropped());
            assertEquals(outbox.dropped(), outbox.floor());
        }
    }

    @Test
    void theFloorIsBelowTheOldestPendingOrTheLastSeqWhenEmpty() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            assertEquals(0, outbox.floor());
            for (int i = 1; i <= 5; i++) {
                outbox.append(fix(i));
            }
            outbox.acknowledge(2);
            assertEquals(2, outbox.floor());
            assertEquals(5, outbox.newestPending().seq());
            outbox.acknowledge(5);
            assertEquals(5, outbox.floor());
            assertEquals(null, outbox.newestPending());
        }
    }

    @Test
    void telemetryHasItsOwnSequenceAndAck() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            outbox.append(fix(1));
            assertEquals(1, outbox.appendReading(T0, "battery", "87").seq());
            assertEquals(2, outbox.appendReading(null, "lock", "locked").seq());
            assertEquals(2, outbox.pendingReadings(0, 10).size());
            assertEquals(null, outbox.pendingReadings(0, 10).get(1).time());
            outbox.acknowledgeReadings(1);
            assertEquals(1, outbox.telemetryFloor());
            assertEquals(1, outbox.depth());
        }
    }
}
