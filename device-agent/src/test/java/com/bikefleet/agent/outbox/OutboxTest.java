package com.bikefleet.agent.outbox;

import static com.bikefleet.agent.outbox.OutboxFixtures.T0;
import static com.bikefleet.agent.outbox.OutboxFixtures.fix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real SQLite file and its fix journal. */
class OutboxTest {


    @TempDir
    Path dir;



    private static List<Long> seqsInSqlite(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq FROM fixes ORDER BY seq")) {
            List<Long> seqs = new ArrayList<>();
            while (r.next()) {
                seqs.add(r.getLong(1));
            }
            return seqs;
        }
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<Long> seqsOf(List<Position> positions) {
        return positions.stream().map(Position::seq).toList();
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

    @Test
    void fixesTakenBeforeACrashAreAllPendingAfterItInOrderAndTheNumbersGoOn() throws Exception {
        Path file = dir.resolve("outbox.db");
        int taken = Outbox.FOLD_EVERY + 20;
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= taken; i++) {
                outbox.append(fix(i));
            }
            assertEquals(seqs(1, Outbox.FOLD_EVERY + 1), seqsInSqlite(file), "one fold so far");
            Path crashed = OutboxFixtures.crashCopy(file, dir, "crashed.db");
            try (Outbox reopened = Outbox.open(crashed)) {
                assertEquals(taken, reopened.depth());
                assertEquals(taken, reopened.lastSeq());
                List<Position> pending = reopened.pendingAfter(0, 1000);
                assertEquals(seqs(1, taken), seqsOf(pending));
                assertEquals(fix(taken), pending.get(taken - 1).fix());
                assertEquals(taken + 1, reopened.append(fix(taken + 1)).seq());
                assertEquals(seqs(1, taken), seqsInSqlite(crashed), "the journal's fixes moved into SQLite on open");
            }
        }
    }

    @Test
    void aFixAcknowledgedBeforeItsFoldIsNeverWrittenToSqlite() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 10; i++) {
                outbox.append(fix(i));
            }
            assertEquals(10, outbox.acknowledge(10));
            for (int i = 11; i <= 15; i++) {
                outbox.append(fix(i));
            }
            assertEquals(5, outbox.depth());
        }
        assertEquals(seqs(11, 15), seqsInSqlite(file));

        // Connected: every fix acknowledged before the journal fills; the fold writes none of them.
        try (Outbox outbox = Outbox.open(file)) {
            outbox.acknowledge(15);
            for (int i = 16; i <= 15 + Outbox.FOLD_EVERY; i++) {
                outbox.acknowledge(outbox.append(fix(i)).seq());
            }
            // The journal is full: this one goes into SQLite with the fold, alone.
            assertEquals(16 + Outbox.FOLD_EVERY, outbox.append(fix(999)).seq());
            assertEquals(List.of(16L + Outbox.FOLD_EVERY), seqsOf(outbox.pendingAfter(0, 10)));
        }
        assertEquals(List.of(16L + Outbox.FOLD_EVERY), seqsInSqlite(file));
        try (Outbox reopened = Outbox.open(file)) {
            assertEquals(17 + Outbox.FOLD_EVERY, reopened.append(fix(1000)).seq());
        }
    }

    @Test
    void aFoldPastTheFixCapDropsTheOldestAndCountsThem() throws Exception {
        Path file = dir.resolve("outbox.db");
        OutboxSettings bound = new OutboxSettings(300, 64L * 1024 * 1024, OutboxSettings.Durability.FULL);
        try (Outbox outbox = Outbox.open(file, bound)) {
            for (int i = 1; i <= 300; i++) {
                outbox.append(fix(i));
            }
            assertEquals(0, outbox.dropped());
            outbox.append(fix(301));
            outbox.append(fix(302));
            assertEquals(300, outbox.depth());
            assertEquals(2, outbox.dropped());
            assertEquals(2, outbox.floor());
            assertEquals(seqs(3, 302), seqsInSqlite(file));
        }
        try (Outbox outbox = Outbox.open(file, bound)) {
            assertEquals(18, outbox.acknowledge(20));
            for (int i = 303; i <= 320; i++) {
                outbox.append(fix(i));
            }
            assertEquals(300, outbox.depth());
            assertEquals(2, outbox.dropped());
            try (Outbox reopened = Outbox.open(OutboxFixtures.crashCopy(file, dir, "crashed.db"), bound)) {
                // The 18 acknowledged fixes not yet deleted from SQLite come back with the crash, and the journal's
                // 18 join them: the fold on open keeps the bound.
                assertEquals(300, reopened.depth());
                assertEquals(20, reopened.dropped());
                assertEquals(seqs(21, 320), seqsOf(reopened.pendingAfter(0, 1000)));
            }
        }
    }

    @Test
    void pendingFixesAreReadAcrossTheBoundaryOfSqliteAndTheJournal() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            int taken = Outbox.FOLD_EVERY + 5;
            for (int i = 1; i <= taken; i++) {
                outbox.append(fix(i));
            }
            long boundary = Outbox.FOLD_EVERY + 1; // the last fix in SQLite
            assertEquals(seqs(boundary - 2, boundary + 2), seqsOf(outbox.pendingBetween(boundary - 3, boundary + 3, 10)));
            assertEquals(seqs(boundary - 2, boundary + 1), seqsOf(outbox.pendingBetween(boundary - 3, taken, 4)));
            assertEquals(seqs(boundary + 1, taken), seqsOf(outbox.pendingBetween(boundary, Long.MAX_VALUE, 10)));
            assertEquals(new Position(boundary + 1, fix((int) boundary + 1)),
                    outbox.pendingBetween(boundary, Long.MAX_VALUE, 1).get(0));
            assertEquals(List.of(), outbox.pendingBetween(boundary, boundary + 1, 10));

            assertEquals((int) boundary + 2, outbox.acknowledge(boundary + 2));
            assertEquals(taken - boundary - 2, outbox.depth());
            assertEquals(boundary + 2, outbox.floor());
            assertEquals(seqs(boundary + 3, taken), seqsOf(outbox.pendingAfter(0, 10)));
            assertEquals(taken, outbox.newestPending().seq());
            assertEquals(taken, outbox.acknowledge(Long.MAX_VALUE) + boundary + 2);
            assertEquals(0, outbox.depth());
            assertEquals(taken, outbox.floor());
            assertEquals(null, outbox.newestPending());
        }
    }

    @Test
    void theServerHoldingMoreMovesJournaledFixesAboveItToo() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 3; i++) {
                outbox.append(fix(i));
            }
            // The outbox rolled back: the server holds up to 10 of it. Numbered since the open, 1..3 move above.
            assertEquals(10, outbox.serverHolds(10, 0));
            assertEquals(List.of(new Position(11, fix(1)), new Position(12, fix(2)), new Position(13, fix(3))),
                    outbox.pendingAfter(0, 10));
            assertEquals(14, outbox.append(fix(4)).seq());
            assertEquals(seqs(11, 14), seqsOf(outbox.pendingAfter(0, 10)));
            try (Outbox reopened = Outbox.open(OutboxFixtures.crashCopy(file, dir, "crashed.db"))) {
                assertEquals(14, reopened.lastSeq());
                assertEquals(10, reopened.skipped());
                assertEquals(seqs(11, 14), seqsOf(reopened.pendingAfter(0, 10)));
                assertEquals(fix(4), reopened.pendingAfter(13, 1).get(0).fix());
            }
        }
    }

    @Test
    void aJournalLeftByAnotherOutboxIsNotTakenIn() throws Exception {
        Path first = dir.resolve("first/outbox.db");
        try (Outbox outbox = Outbox.open(first)) {
            for (int i = 1; i <= 3; i++) {
                outbox.append(fix(i));
            }
            // The outbox file was deleted but its journal left behind; a new outbox starts in its place.
            Path second = dir.resolve("outbox.db");
            Files.copy(FixJournal.fileOf(first), FixJournal.fileOf(second));
            try (Outbox fresh = Outbox.open(second)) {
                assertEquals(0, fresh.depth());
                assertEquals(1, fresh.append(fix(100)).seq());
            }
            try (Outbox again = Outbox.open(second)) {
                assertEquals(List.of(new Position(1, fix(100))), again.pendingAfter(0, 10));
            }
        }
    }
}
