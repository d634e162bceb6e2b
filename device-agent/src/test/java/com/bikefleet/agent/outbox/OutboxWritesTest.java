package com.bikefleet.agent.outbox;

import static com.bikefleet.agent.outbox.OutboxFixtures.T0;
import static com.bikefleet.agent.outbox.OutboxFixtures.fix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the outbox writes to the card per fix, on real files: a journal record per fix and nothing in SQLite
 * until the fold, acknowledged fixes deleted in batches, small pages, and the bytes Linux counts per fix; and
 * that none of it costs a reused sequence number after a crash. A crash is a copy of the database, its
 * write-ahead log and its journal taken while the outbox is open, which is what a power cut leaves with
 * {@code buffer.sync = full}: every commit and every journaled fix, nothing after.
 */
class OutboxWritesTest {


    @TempDir
    Path dir;



    private static long sizeOrZero(Path file) throws Exception {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static long query(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(Path file, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    @Test
    void appendingAFixWritesNothingToSqliteUntilTheFoldWhichWritesOneMetaRow() throws Exception {
        Path file = dir.resolve("outbox.db");
        Outbox.open(file).close();
        // Counts every row written to meta (INSERT OR REPLACE is an insert), by the outbox's own statements.
        execute(file, "CREATE TABLE meta_writes (key TEXT)",
                "CREATE TRIGGER count_meta AFTER INSERT ON meta BEGIN INSERT INTO meta_writes VALUES (NEW.key); END",
                "CREATE TRIGGER count_meta_updates AFTER UPDATE ON meta BEGIN INSERT INTO meta_writes VALUES (NEW.key); END");
        try (Outbox outbox = Outbox.open(file)) {
            long before = query(file, "SELECT count(*) FROM meta_writes");
            long walBefore = sizeOrZero(file.resolveSibling("outbox.db-wal"));
            for (int i = 1; i <= Outbox.FOLD_EVERY; i++) {
                outbox.append(fix(i));
            }
            assertEquals(before, query(file, "SELECT count(*) FROM meta_writes"), "meta rows written by the appends");
            assertEquals(0, query(file, "SELECT count(*) FROM fixes"), "rows written by the appends");
            assertEquals(walBefore, sizeOrZero(file.resolveSibling("outbox.db-wal")), "the log grew");
            assertEquals(Outbox.FOLD_EVERY, outbox.lastSeq());

            outbox.append(fix(Outbox.FOLD_EVERY + 1));
            assertEquals(Outbox.FOLD_EVERY + 1, query(file, "SELECT count(*) FROM fixes"), "the fold");
            assertEquals(before + 1, query(file, "SELECT count(*) FROM meta_writes"), "last_seq, once");
        }
    }

    @Test
    void theJournalCarriesTheSequenceAcrossACrash() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 10; i++) {
                outbox.append(fix(i));
            }
            Path crashed = OutboxFixtures.crashCopy(file, dir, "crashed.db");
            assertEquals("0", metaValue(crashed, "last_seq"), "last_seq is not written with each fix");
            assertEquals(0, query(crashed, "SELECT count(*) FROM fixes"), "the fixes are only in the journal");
            try (Outbox reopened = Outbox.open(crashed)) {
                assertEquals(10, reopened.lastSeq());
                assertEquals(10, reopened.depth());
                assertEquals(11, reopened.append(fix(11)).seq());
            }
        }
    }

    @Test
    void acknowledgedFixesAreDeletedInBatchesAndNeverSentAgain() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 100; i++) {
                outbox.append(fix(i));
            }
        }
        // Closed and opened: the 100 are in SQLite now.
        try (Outbox outbox = Outbox.open(file)) {
            for (int seq = 1; seq < Outbox.DELETE_BATCH; seq++) {
                assertEquals(1, outbox.acknowledge(seq));
            }
            assertEquals(100, query(file, "SELECT count(*) FROM fixes"), "an ack below the batch deleted rows");
            assertEquals(100 - (Outbox.DELETE_BATCH - 1), outbox.depth());
            assertEquals(Outbox.DELETE_BATCH - 1, outbox.floor());
            assertEquals(Outbox.DELETE_BATCH, outbox.pendingBetween(0, Long.MAX_VALUE, 1).get(0).seq(),
                    "an acknowledged fix was offered again");
            assertEquals(0, outbox.acknowledge(10), "an old ack covers nothing new");

            assertEquals(1, outbox.acknowledge(Outbox.DELETE_BATCH));
            assertEquals(100 - Outbox.DELETE_BATCH,
                    query(file, "SELECT count(*) FROM fixes"), "one batch, one DELETE");
            assertEquals(Outbox.DELETE_BATCH + 1, query(file, "SELECT min(seq) FROM fixes"));
        }
        assertEquals(0, query(file, "SELECT count(*) FROM fixes WHERE seq <= " + Outbox.DELETE_BATCH));
    }

    @Test
    void aCrashBetweenBatchesSendsTheAcknowledgedTailAgainAndReusesNoNumber() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 70; i++) {
                outbox.append(fix(i));
            }
            outbox.foldNow();
            outbox.acknowledge(70);
            // 70 acked: one batch deleted every row, so the table is empty and only the meta row holds 70.
            assertEquals(0, query(file, "SELECT count(*) FROM fixes"));
            outbox.append(fix(71));
            outbox.acknowledge(71);
            Path crashed = OutboxFixtures.crashCopy(file, dir, "crashed.db");
            try (Outbox reopened = Outbox.open(crashed)) {
                assertEquals(71, reopened.lastSeq());
                assertEquals(1, reopened.depth(), "the acknowledged fix not yet folded is pending again");
                assertEquals(71, reopened.pendingBetween(0, Long.MAX_VALUE, 10).get(0).seq());
                assertEquals(72, reopened.append(fix(72)).seq());
            }
        }
    }

    @Test
    void anEmptyOutboxAfterABatchKeepsItsNumberAcrossACrash() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= Outbox.DELETE_BATCH; i++) {
                outbox.append(fix(i));
            }
            outbox.foldNow();
            for (int i = 1; i <= Outbox.DELETE_BATCH; i++) {
                outbox.acknowledge(i);
            }
            assertEquals(0, query(file, "SELECT count(*) FROM fixes"));
            try (Outbox reopened = Outbox.open(OutboxFixtures.crashCopy(file, dir, "crashed.db"))) {
                assertEquals(Outbox.DELETE_BATCH + 1, reopened.append(fix(99)).seq());
            }
        }
    }

    @Test
    void aBatchOfAcksNeverWritesALastSeqAboveWhatSqliteHolds() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 100; i++) {
                outbox.append(fix(i));
            }
            outbox.foldNow();
            for (int i = 101; i <= 110; i++) {
                outbox.append(fix(i));
            }
            outbox.acknowledge(Outbox.DELETE_BATCH);
            assertEquals(100 - Outbox.DELETE_BATCH, query(file, "SELECT count(*) FROM fixes"), "the batch deleted");
            // A last_seq of 110 would make 101..110 look folded already: after a crash they would be lost.
            assertEquals("100", metaValue(file, "last_seq"));
            try (Outbox reopened = Outbox.open(OutboxFixtures.crashCopy(file, dir, "crashed.db"))) {
                assertEquals(110 - Outbox.DELETE_BATCH, reopened.depth());
                assertEquals(110, reopened.newestPending().seq());
                assertEquals(111, reopened.append(fix(111)).seq());
            }
        }
    }

    /**
     * The figure the journal is for: bytes Linux counts as written ({@code /proc/self/io} write_bytes: a 4 KB
     * page each time a clean page is dirtied, and every fsync cleans them) per fix with {@code buffer.sync =
     * full}, over enough appends for two folds. At most a quarter of the 19,300 the first outbox wrote; SQLite
     * alone could not go below 4,915 with one fsync per fix. Other threads of this JVM count too: a margin.
     */
    @Test
    void aFixWritesAtMostAQuarterOfWhatTheFirstOutboxDid() throws Exception {
        Path io = Path.of("/proc/self/io");
        assumeTrue(Files.isReadable(io), "no /proc/self/io on this system");
        // A RAM folder writes nothing to a disk: then a folder under target/, on the disk.
        Path folder = "tmpfs".equals(Files.getFileStore(dir).type())
                ? Files.createTempDirectory(Files.createDirectories(Path.of("target")), "outbox-writes") : dir;
        int fixes = 2 * Outbox.FOLD_EVERY + 50;
        try (Outbox outbox = Outbox.open(folder.resolve("outbox.db"))) {
            long before = writeBytes(io);
            for (int i = 1; i <= fixes; i++) {
                outbox.append(fix(i));
            }
            long written = writeBytes(io) - before;
            assumeTrue(written > 0, "this filesystem (" + Files.getFileStore(folder).type() + ") counts no writes");
            double perFix = (double) written / fixes;
            System.out.printf("OutboxWritesTest: %d bytes written for %d fixes, %.0f per fix%n", written, fixes, perFix);
            assertTrue(perFix < 4_831, perFix + " bytes per fix");
        } finally {
            if (!folder.equals(dir)) {
                for (String suffix : new String[] {"", "-wal", "-shm", ".journal"}) {
                    Files.deleteIfExists(folder.resolve("outbox.db" + suffix));
                }
                Files.delete(folder);
            }
        }
    }

    private static long writeBytes(Path io) throws Exception {
        return Files.readAllLines(io).stream().filter(l -> l.startsWith("write_bytes:"))
                .mapToLong(l -> Long.parseLong(l.substring("write_bytes:".length()).trim())).findFirst().orElseThrow();
    }

    @Test
    void closingDeletesWhatWasAcknowledged() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 5; i++) {
                outbox.append(fix(i));
            }
            outbox.acknowledge(3);
        }
        assertEquals(4, query(file, "SELECT min(seq) FROM fixes"));
        try (Outbox reopened = Outbox.open(file)) {
            assertEquals(2, reopened.depth());
            assertEquals(3, reopened.floor());
            assertEquals(6, reopened.append(fix(6)).seq());
        }
    }

    @Test
    void acknowledgedRowsStillInTheFileAreNotCountedAsDropped() throws Exception {
        OutboxSettings small = new OutboxSettings(10, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL);
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), small)) {
            for (int i = 1; i <= 10; i++) {
                outbox.append(fix(i));
            }
            outbox.acknowledge(5);
            for (int i = 11; i <= 15; i++) {
                outbox.append(fix(i));
            }
            assertEquals(0, outbox.dropped());
            assertEquals(10, outbox.depth());
            outbox.append(fix(16));
            assertEquals(1, outbox.dropped());
            assertEquals(6, outbox.floor());
            assertEquals(7, outbox.pendingBetween(0, 100, 1).get(0).seq());
        }
    }

    @Test
    void aNewOutboxUsesSmallPagesAndAnOldSmallOneIsRewrittenWithThem() throws Exception {
        Path file = dir.resolve("outbox.db");
        Outbox.open(file).close();
        assertEquals(Outbox.PAGE_SIZE, query(file, "PRAGMA page_size"));

        // An outbox as the previous version made it: 4 KB pages, three fixes pending.
        Path old = dir.resolve("old.db");
        try (Outbox outbox = Outbox.open(old)) {
            for (int i = 1; i <= 3; i++) {
                outbox.append(fix(i));
            }
        }
        execute(old, "PRAGMA journal_mode=DELETE", "PRAGMA page_size=4096", "VACUUM", "PRAGMA journal_mode=WAL");
        assertEquals(4096, query(old, "PRAGMA page_size"));
        try (Outbox reopened = Outbox.open(old)) {
            assertEquals(3, reopened.depth());
            assertEquals(new Position(1, fix(1)), reopened.pendingBetween(0, 10, 1).get(0));
            assertEquals(4, reopened.append(fix(4)).seq());
        }
        assertEquals(Outbox.PAGE_SIZE, query(old, "PRAGMA page_size"));
        assertEquals("wal", text(old, "PRAGMA journal_mode"));
    }

    @Test
    void aBigOldOutboxKeepsItsPages() throws Exception {
        Path old = dir.resolve("old.db");
        OutboxSettings normal = new OutboxSettings(100_000, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL);
        try (Outbox outbox = Outbox.open(old, normal)) {
            for (int i = 1; i <= Outbox.REPAGE_MAX_ROWS + 1; i++) {
                outbox.append(fix(i));
            }
        }
        execute(old, "PRAGMA journal_mode=DELETE", "PRAGMA page_size=4096", "VACUUM", "PRAGMA journal_mode=WAL");
        try (Outbox reopened = Outbox.open(old, normal)) {
            assertEquals(Outbox.REPAGE_MAX_ROWS + 1, reopened.depth());
        }
        assertEquals(4096, query(old, "PRAGMA page_size"));
    }

    private static String metaValue(Path file, String key) throws SQLException {
        return text(file, "SELECT value FROM meta WHERE key = '" + key + "'");
    }

    private static String text(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }
}
