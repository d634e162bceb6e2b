package com.bikefleet.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fix journal on a real file: what it gives back after a close, a torn write, a reset or a swap. */
class FixJournalTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String OUTBOX = "5b0c3f2e-0d7e-4a8e-9f37-2f4f1a2b3c4d";
    private static final int CAPACITY = 16;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("outbox.db.journal");
    }

    private FixJournal open(String outboxId, long seqBase) throws Exception {
        return FixJournal.open(file(), outboxId, CAPACITY, true, seqBase);
    }

    private static Fix fix(int n) {
        return new Fix(T0.plusSeconds(n), 52.5 + n * 1e-7, -13.4123456, 5.5, 359.9, -12.25, 0.7, 11, FixType.THREE_D);
    }

    /** Appends fixes {@code from..to}, numbered as they are, and closes the journal. */
    private void appendAndClose(FixJournal journal, int from, int to) throws Exception {
        try (journal) {
            for (int n = from; n <= to; n++) {
                journal.append(n, fix(n));
            }
        }
    }

    private List<Position> reopened(String outboxId) throws Exception {
        try (FixJournal journal = open(outboxId, 0)) {
            return journal.recovered();
        }
    }

    private static List<Position> positions(int from, int to) {
        List<Position> out = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.add(new Position(n, fix(n)));
        }
        return out;
    }

    @Test
    void everyFieldOfAFixComesBackNullsIncluded() throws Exception {
        List<Fix> fixes = List.of(
                fix(1),
                Fix.of(T0, -89.9999999, 179.9999999),
                new Fix(T0.plusMillis(1), 0.0, -0.0, 0.0, null, 8848.86, null, 0, FixType.TWO_D),
                new Fix(Instant.ofEpochMilli(0), 1e-9, 1e9, null, 0.0, null, 99.9, null, null),
                new Fix(T0.plusMillis(123_456_789), 48.1173, 11.5167, Double.MIN_VALUE, 180.0, Double.MAX_VALUE,
                        1.0, Integer.MAX_VALUE, FixType.THREE_D));
        try (FixJournal journal = open(OUTBOX, 40)) {
            for (int i = 0; i < fixes.size(); i++) {
                journal.append(41 + i, fixes.get(i));
            }
        }
        List<Position> expected = new ArrayList<>();
        for (int i = 0; i < fixes.size(); i++) {
            expected.add(new Position(41 + i, fixes.get(i)));
        }
        assertEquals(expected, reopened(OUTBOX));
        assertEquals(expected, FixJournal.read(dir.resolve("outbox.db"), OUTBOX), "read beside the agent");
    }

    @Test
    void theFileIsMadeAtItsFullSizeAndAppendsDoNotGrowIt() throws Exception {
        try (FixJournal journal = open(OUTBOX, 0)) {
            long size = Files.size(file());
            assertEquals((CAPACITY + 1L) * FixJournal.RECORD_BYTES, size);
            for (int n = 1; n <= CAPACITY; n++) {
                journal.append(n, fix(n));
            }
            assertEquals(size, Files.size(file()));
            assertThrows(IllegalStateException.class, () -> journal.append(CAPACITY + 1, fix(CAPACITY + 1)),
                    "a full journal takes no more");
        }
    }

    @Test
    void aGarbledLastRecordEndsTheJournalBeforeIt() throws Exception {
        appendAndClose(open(OUTBOX, 0), 1, 3);
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            long lat = 3L * FixJournal.RECORD_BYTES + 24;
            raf.seek(lat);
            int b = raf.read();
            raf.seek(lat);
            raf.write(b ^ 0x01);
        }
        assertEquals(positions(1, 2), reopened(OUTBOX));
    }

    @Test
    void aLastRecordWrittenOnlyInPartEndsTheJournalBeforeIt() throws Exception {
        appendAndClose(open(OUTBOX, 0), 1, 3);
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(3L * FixJournal.RECORD_BYTES + FixJournal.RECORD_BYTES / 2);
        }
        try (FixJournal journal = open(OUTBOX, 0)) {
            assertEquals(positions(1, 2), journal.recovered());
            // Numbering goes on from the last good record, in the torn one's slot.
            journal.append(3, fix(33));
        }
        assertEquals(List.of(new Position(1, fix(1)), new Position(2, fix(2)), new Position(3, fix(33))),
                reopened(OUTBOX));
    }

    @Test
    void afterAResetTheOldGenerationsRecordsAreNotRead() throws Exception {
        try (FixJournal journal = open(OUTBOX, 0)) {
            for (int n = 1; n <= 5; n++) {
                journal.append(n, fix(n));
            }
            journal.reset(5);
            journal.append(6, fix(6));
            journal.append(7, fix(7));
        }
        // Slots 3..5 still hold fixes 3..5 of the old generation.
        assertEquals(positions(6, 7), reopened(OUTBOX));
    }

    @Test
    void staleRecordsAreRecognisedByGenerationEvenWhereTheirNumbersWouldFollowOn() throws Exception {
        try (FixJournal journal = open(OUTBOX, 0)) {
            for (int n = 1; n <= 5; n++) {
                journal.append(n, fix(n));
            }
            // The same base again: slot 2 onwards hold 2..5, exactly the numbers a new fix 1 would be followed by.
            journal.reset(0);
            journal.append(1, fix(101));
        }
        assertEquals(List.of(new Position(1, fix(101))), reopened(OUTBOX));
    }

    @Test
    void aJournalOfAnotherOutboxIsDiscardedAndNotReadAgain() throws Exception {
        appendAndClose(open(OUTBOX, 0), 1, 3);
        assertEquals(List.of(), FixJournal.read(dir.resolve("outbox.db"), "another-outbox"));
        try (FixJournal journal = open("another-outbox", 7)) {
            assertEquals(List.of(), journal.recovered());
            assertEquals(7, journal.seqBase());
            journal.append(8, fix(8));
        }
        assertEquals(List.of(new Position(8, fix(8))), reopened("another-outbox"));
        assertEquals(List.of(), reopened(OUTBOX), "the old outbox's fixes are gone from the file");
    }

    @Test
    void aFileThatIsNoJournalIsReplacedByAnEmptyOne() throws Exception {
        Files.writeString(file(), "not a journal at all ".repeat(500), StandardCharsets.UTF_8);
        try (FixJournal journal = open(OUTBOX, 12)) {
            assertEquals(List.of(), journal.recovered());
            journal.append(13, fix(13));
        }
        assertEquals(List.of(new Position(13, fix(13))), reopened(OUTBOX));
    }

    @Test
    void aMissingJournalReadsAsEmpty() throws Exception {
        assertEquals(List.of(), FixJournal.read(dir.resolve("outbox.db"), OUTBOX));
    }
}
