package com.bikefleet.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.Await;
import com.bikefleet.server.store.FixBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path data;

    /**
     * A hundred one-fix commits are far below the 1,000 WAL pages from which SQLite's own automatic checkpoint
     * would copy them back: only the store's checkpointer thread moves them into the database file.
     */
    @Test
    void committedPagesReachTheDatabaseFileWithoutTheCommitterCheckpointing() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        long emptySize = Files.size(database.file());
        try (SqliteFixStore store = new SqliteFixStore(database, 1_000, 100)) {
            for (int bike = 0; bike < 100; bike++) {
                store.write(new FixBatch("bike-" + bike, "outbox-1",
                        List.of(new Position(1, Fix.of(NOW, 52.0 + bike * 0.01, 13.0))), true, NOW))
                        .get(10, TimeUnit.SECONDS);
            }
            Await.until("the checkpointer copies the WAL into the database file", Duration.ofSeconds(10),
                    () -> size(database.file()) > emptySize);
            try (Connection c = database.open(); Statement s = c.createStatement();
                 ResultSet count = s.executeQuery("SELECT count(*) FROM fixes")) {
                assertTrue(count.next());
                assertEquals(100, count.getLong(1));
            }
        }
    }

    /**
     * A round never waits for the writer: it copies what it can while a write transaction is open. (A RESTART
     * round waited for the writer's lock for up to the busy timeout, 10 s, and then held every new commit
     * while it copied and synced.) The committer's own checkpoint then restarts the log.
     */
    @Test
    void aRoundCopiesBesideAnOpenWriteTransactionAndTheCommitterRestartsTheLog() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        try (Connection writer = database.open(); Statement s = writer.createStatement();
             WalCheckpointer checkpointer = new WalCheckpointer(database.open(), TimeUnit.HOURS.toMillis(1))) {
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE filler (x BLOB)");
            for (int i = 0; i < 1_100; i++) {
                s.execute("INSERT INTO filler VALUES (zeroblob(3000))");
            }
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO filler VALUES (zeroblob(3000))");
            int logPages = assertTimeoutPreemptively(Duration.ofSeconds(5), checkpointer::checkpoint,
                    "the round waited for the writer");
            assertTrue(logPages >= 1_100, "the round did not see the log: " + logPages);
            s.execute("COMMIT");
            long walBefore = Files.size(walOf(database));
            // What the committer's automatic checkpoint does: everything is copied, so the log starts over.
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            s.execute("INSERT INTO filler VALUES (zeroblob(3000))");
            assertTrue(checkpointer.checkpoint() < 10, "the log was not restarted");
            assertEquals(walBefore, Files.size(walOf(database)), "restarted in place, not grown");
        }
    }

    private static Path walOf(SqliteDatabase database) {
        return database.file().resolveSibling(database.file().getFileName() + "-wal");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
