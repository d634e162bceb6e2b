package com.bikefleet.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer never copies the write-ahead log into the database file itself (that would stall every
 * ack waiting on its commit); the checkpoint thread does, and a clean close leaves the log copied back.
 * Observed through the real files: the main file grows only when a checkpoint copies pages into it.
 */
class WalCheckpointerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    // About 8 MB of fixes: well past SQLite's automatic checkpoint at 1,000 pages (4 MB).
    private static final int BATCHES = 60;
    private static final int PER_BATCH = 1000;

    @TempDir
    Path data;

    private static void fill(SqliteFixStore store) throws Exception {
        for (int b = 0; b < BATCHES; b++) {
            List<Position> positions = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                long seq = (long) b * PER_BATCH + i + 1;
                positions.add(new Position(seq, Fix.of(T0.plusSeconds(seq), 52.5 + i * 1e-5, 13.4)));
            }
            store.write(new FixBatch("bike-1", "outbox-1", positions, false, T0)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void commitsDoNotCheckpointButTheCheckpointThreadDoesAndCloseLeavesTheLogCopiedBack() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        Path main = database.file();
        Path wal = main.resolveSibling(main.getFileName() + "-wal");
        long before = Files.size(main);
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 10, size -> { }, Duration.ofHours(1))) {
            fill(store);
            assertTrue(Files.size(wal) > 4_000_000, "the log holds the writes: " + Files.size(wal));
            assertEquals(before, Files.size(main), "no commit copied the log into the database file");
        }
        assertTrue(Files.size(main) > 4_000_000, "closing checkpointed: " + Files.size(main));
    }

    @Test
    void theCheckpointThreadCopiesTheLogBackWhileTheStoreRuns() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        Path main = database.file();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 10, size -> { }, Duration.ofMillis(100))) {
            fill(store);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(main) < 4_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.size(main) > 4_000_000, "checkpointed while running: " + Files.size(main));
        }
    }
}
