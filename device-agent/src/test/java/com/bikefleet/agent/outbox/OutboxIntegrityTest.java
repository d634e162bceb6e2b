package com.bikefleet.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbox that rolled back or broke, on real SQLite files: it must never reuse a number the server holds,
 * and a file it cannot use must not stop the agent.
 */
class OutboxIntegrityTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static Fix fix(int n) {
        return Fix.of(T0.plusSeconds(n), 52.5 + n * 1e-4, 13.4);
    }

    /**
     * The agent took fixes 1..22; 11..22 were only in the write-ahead log when the bike crashed and the log was
     * lost. The restarted outbox numbers from 11 again; the server's highest seq, 22, moves them above it.
     */
    @Test
    void anOutboxThatLostItsWalNumbersOnAboveTheServersHighestSeq() throws Exception {
        Path live = dir.resolve("outbox.db");
        String outboxId;
        try (Outbox outbox = Outbox.open(live)) {
            outboxId = outbox.outboxId();
            // Connected: the server held nothing above what the outbox had numbered.
            outbox.serverHolds(0, 0);
            for (int n = 1; n <= 10; n++) {
                outbox.append(fix(n));
            }
            outbox.acknowledge(8);
        }
        Path crashed = dir.resolve("crashed").resolve("outbox.db");
        Files.createDirectories(crashed.getParent());
        try (Outbox outbox = Outbox.open(live)) {
            outbox.serverHolds(8, 0);
            for (int n = 11; n <= 22; n++) {
                outbox.append(fix(n));
            }
            // As when the journal fills: 11..22 move from the journal into the WAL, and the journal is emptied.
            outbox.foldNow();
            // What a power cut leaves when the -wal is lost: the database file as of the last checkpoint, and the
            // journal, which holds nothing above 22.
            Files.copy(live, crashed, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(FixJournal.fileOf(live), FixJournal.fileOf(crashed), StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(live.resolveSibling("outbox.db-wal")) > 0, "fixes 11..22 are in the WAL");
        }

        try (Outbox outbox = Outbox.open(crashed)) {
            assertEquals(outboxId, outbox.outboxId());
            assertEquals(10, outbox.lastSeq(), "the rollback");
            // Taken offline after the restart: numbers 11..13 again, with new fixes.
            for (int n = 100; n < 103; n++) {
                assertEquals(n - 89, outbox.append(fix(n)).seq());
            }

            assertEquals(12, outbox.serverHolds(22, 0));

            assertEquals(12, outbox.skipped());
            assertEquals(25, outbox.lastSeq());
            // 9 and 10 were taken before the checkpoint: the server may hold them, with this content.
            List<Position> pending = outbox.pendingAfter(0, 100);
            assertEquals(List.of(9L, 10L, 23L, 24L, 25L), pending.stream().map(Position::seq).toList());
            assertEquals(fix(100), pending.get(2).fix());
            assertEquals(26, outbox.append(fix(103)).seq());
            // Confirmed now: the same answer again changes nothing.
            assertEquals(0, outbox.serverHolds(22, 0));
        }
        try (Outbox outbox = Outbox.open(crashed)) {
            assertEquals(26, outbox.lastSeq(), "the jump survives a restart");
            assertEquals(12, outbox.skipped());
            assertEquals(0, outbox.serverHolds(26, 0));
        }
    }

    @Test
    void readingsOfARolledBackOutboxAreRenumberedToo() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            outbox.appendReading(T0, "battery", "80");
            assertEquals(5, outbox.serverHolds(0, 5));
            assertEquals(6, outbox.pendingReadings(0, 10).get(0).seq());
            assertEquals(7, outbox.appendReading(T0, "battery", "79").seq());
        }
    }

    @Test
    void anOutboxTheServerIsNotAheadOfIsLeftAsItIs() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            outbox.append(fix(1));
            outbox.append(fix(2));
            assertEquals(0, outbox.serverHolds(1, 0));
            assertEquals(0, outbox.skipped());
            assertEquals(3, outbox.append(fix(3)).seq());
        }
    }

    @Test
    void aFileThatIsNoDatabaseIsMovedAsideAndANewOutboxStarted() throws Exception {
        Path file = dir.resolve("outbox.db");
        Files.writeString(file, "this is not a database, it is what a failing card gave back".repeat(200),
                StandardCharsets.UTF_8);
        assertThrows(OutboxCorruptException.class, () -> Outbox.open(file));

        try (Outbox outbox = OutboxFiles.openOrReplace(file, OutboxSettings.defaults(), clock())) {
            assertEquals(1, outbox.append(fix(1)).seq());
            assertEquals("corrupt", outbox.resetReason());
            assertNull(outbox.previousOutboxId(), "the garbage has no id to read");
        }
        Path aside = dir.resolve("outbox.db.corrupt-20260501T100000Z");
        assertTrue(Files.readString(aside).startsWith("this is not a database"), "kept for inspection");
        try (Outbox outbox = Outbox.open(file)) {
            assertEquals("corrupt", outbox.resetReason(), "the reset is told on every hello of the new outbox");
        }
    }

    @Test
    void aTruncatedOutboxIsDetectedAndReplaced() throws Exception {
        Path file = dir.resolve("outbox.db");
        String oldId;
        try (Outbox outbox = Outbox.open(file)) {
            oldId = outbox.outboxId();
            for (int n = 1; n <= 3000; n++) {
                outbox.append(fix(n));
            }
        }
        long size = Files.size(file);
        assertTrue(size > 100_000, "a database of many pages: " + size);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size / 2);
        }

        try (Outbox outbox = OutboxFiles.openOrReplace(file, OutboxSettings.defaults(), clock())) {
            assertNotEquals(oldId, outbox.outboxId());
            // Its id cannot be read either: the header promises pages the file no longer has.
            assertNull(outbox.previousOutboxId());
            assertEquals("corrupt", outbox.resetReason());
            assertEquals(0, outbox.depth());
            assertEquals(1, outbox.append(fix(1)).seq());
        }
        assertTrue(Files.exists(dir.resolve("outbox.db.corrupt-20260501T100000Z")));
    }

    @Test
    void onlyTheNewestMovedAsideOutboxesAreKept() throws Exception {
        Path file = dir.resolve("outbox.db");
        for (int i = 0; i < OutboxFiles.KEEP_MOVED_ASIDE + 2; i++) {
            Files.writeString(file, "garbage ".repeat(100));
            Clock at = Clock.fixed(T0.plusSeconds(i), ZoneOffset.UTC);
            OutboxFiles.openOrReplace(file, OutboxSettings.defaults(), at).close();
            Files.delete(file);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> aside = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".corrupt-"))
                    .sorted().toList();
            // Each moved with the journal the new outbox of the round before had made (and the test left behind).
            assertEquals(List.of("outbox.db.corrupt-20260501T100002Z", "outbox.db.corrupt-20260501T100002Z.journal",
                    "outbox.db.corrupt-20260501T100003Z", "outbox.db.corrupt-20260501T100003Z.journal",
                    "outbox.db.corrupt-20260501T100004Z", "outbox.db.corrupt-20260501T100004Z.journal"), aside);
        }
    }

    @Test
    void aReplacedOutboxsJournalIsMovedAsideWithItAndNotTakenIn() throws Exception {
        Path file = dir.resolve("outbox.db");
        String oldId;
        try (Outbox outbox = Outbox.open(dir.resolve("live/outbox.db"))) {
            oldId = outbox.outboxId();
            for (int n = 1; n <= 3; n++) {
                outbox.append(fix(n));
            }
            // The card failed: the outbox's database is garbage, its journal is intact.
            Files.copy(FixJournal.fileOf(dir.resolve("live/outbox.db")), FixJournal.fileOf(file));
        }
        Files.writeString(file, "garbage ".repeat(100));

        try (Outbox outbox = OutboxFiles.openOrReplace(file, OutboxSettings.defaults(), clock())) {
            assertEquals(0, outbox.depth());
            assertEquals(1, outbox.append(fix(100)).seq());
        }
        Path aside = dir.resolve("outbox.db.corrupt-20260501T100000Z");
        assertEquals(List.of(1L, 2L, 3L), FixJournal.read(aside, oldId).stream().map(Position::seq).toList(),
                "kept for inspection beside the database");
        try (Outbox outbox = Outbox.open(file)) {
            assertEquals(List.of(new Position(1, fix(100))), outbox.pendingAfter(0, 10));
        }
    }

    private static Clock clock() {
        return Clock.fixed(T0, ZoneOffset.UTC);
    }
}
