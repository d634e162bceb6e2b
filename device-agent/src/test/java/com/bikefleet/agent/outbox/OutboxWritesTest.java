package com.bikefleet.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the outbox writes to the card per fix, on real SQLite files: no meta row per fix, acknowledged fixes
 * deleted in batches, small pages; and that none of it costs a reused sequence number after a crash. A crash
 * is a copy of the database and its write-ahead log taken while the outbox is open, which is what a power
 * cut leaves with {@code synchronous=FULL}: every commit, nothing after.
 */
class OutboxWritesTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static Fix fix(int n) {
        return new Fix(T0.plusSeconds(n), 52.5 + n * 1e-4, 13.4, 5.5, 180.0, 40.0, 1.1, 7, FixType.THREE_D);
    }

    /** The file as a crash at this moment would leave it, under a new name. */
    private Path crashCopy(Path file, String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.copy(file, copy);
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, copy.resolveSibling(name + "-wal"));
        }
        return copy;
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
    void appendingAFixWritesNoMetaRow() throws Exception {
        Path file = dir.resolve("outbox.db");
        Outbox.open(file).close();
        // Counts every row written to meta (INSERT OR REPLACE is an insert), by the outbox's own statements.
        execute(file, "CREATE TABLE meta_writes (key TEXT)",
                "CREATE TRIGGER count_meta AFTER INSERT ON meta BEGIN INSERT INTO meta_writes VALUES (NEW.key); END",
                "CREATE TRIGGER count_meta_updates AFTER UPDATE ON meta BEGIN INSERT INTO meta_writes VALUES (NEW.key); END");
        try (Outbox outbox = Outbox.open(file)) {
            long before = query(file, "SELECT count(*) FROM meta_writes");
            for (int i = 1; i <= 100; i++) {
                outbox.append(fix(i));
            }
            assertEquals(before, query(file, "SELECT count(*) FROM meta_writes"), "meta rows written by 100 appends");
            assertEquals(100, outbox.lastSeq());
        }
    }

    @Test
    void theNewestRowCarriesTheSequenceAcrossACrash() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            for (int i = 1; i <= 10; i++) {
                outbox.append(fix(i));
            }
            Path crashed = crashCopy(file, "crashed.db");
            assertEquals("0", metaValue(crashed, "last_seq"), "last_seq is not written with each fix");
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
            outbox.acknowledge(70);
            // 70 acked: one batch deleted every row, so the table is empty and only the meta row holds 70.
            assertEquals(0, query(file, "SELECT count(*) FROM fixes"));
            outbox.append(fix(71));
            outbox.acknowledge(71);
            Path crashed = crashCopy(file, "crashed.db");
            try (Outbox reopened = Outbox.open(crashed)) {
                assertEquals(71, reopened.lastSeq());
                assertEquals(1, reopened.depth(), "the acknowledged fix not yet deleted is pending again");
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
                outbox.acknowledge(i);
            }
            assertEquals(0, query(file, "SELECT count(*) FROM fixes"));
            try (Outbox reopened = Outbox.open(crashCopy(file, "crashed.db"))) {
                assertEquals(Outbox.DELETE_BATCH + 1, reopened.append(fix(99)).seq());
            }
        }
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
