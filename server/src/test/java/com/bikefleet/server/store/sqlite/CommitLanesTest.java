package com.bikefleet.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.StoreWrite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's two commit lanes against a real SQLite file: a live fix does not wait behind a backlog. */
class CommitLanesTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final int BACKLOG_BATCHES = 40;
    private static final int FIXES_PER_BATCH = 500;

    @TempDir
    Path data;

    @Test
    void aLiveBatchCommitsBeforeMostOfAQueuedBacklogAndEveryFixIsStoredOnce() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (SqliteFixStore store = new SqliteFixStore(database, 1000, 500);
             Connection lock = database.open(); Statement locking = lock.createStatement()) {
            // The whole queue builds up while another connection holds the write lock, as behind a slow commit:
            // the committer waits (busy_timeout) with whatever group it took first.
            locking.execute("BEGIN IMMEDIATE");
            for (int b = 0; b < BACKLOG_BATCHES; b++) {
                List<Position> positions = new ArrayList<>();
                for (int i = 0; i < FIXES_PER_BATCH; i++) {
                    long seq = (long) b * FIXES_PER_BATCH + i + 1;
                    positions.add(new Position(seq, Fix.of(NOW.minusSeconds(100_000 - seq), 52.5, 13.4)));
                }
                String name = "backlog-" + b;
                all.add(store.write(new FixBatch("back", "o-back", positions, false, NOW))
                        .thenRun(() -> committed.add(name)));
            }
            all.add(store.write(new FixBatch("live", "o-live", List.of(new Position(1, Fix.of(NOW, 52.6, 13.5))),
                    true, NOW)).thenRun(() -> committed.add("live")));
            // The same backlog batch again, as after a lost ack: stored once.
            all.add(store.write(new FixBatch("back", "o-back",
                    List.of(new Position(1, Fix.of(NOW.minusSeconds(99_999), 52.5, 13.4))), false, NOW)));
            locking.execute("ROLLBACK");
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }

        List<String> order = new ArrayList<>(committed);
        int live = order.indexOf("live");
        // Before it, only the group that was waiting for the lock when it came: one group's share of the backlog.
        assertTrue(live <= StoreWrite.BACKLOG_FIXES_PER_COMMIT / FIXES_PER_BATCH,
                "live committed after " + live + " backlog batches: " + order);
        List<String> backlog = order.stream().filter(n -> n.startsWith("backlog")).toList();
        for (int b = 0; b < BACKLOG_BATCHES; b++) {
            assertEquals("backlog-" + b, backlog.get(b), "backlog batches commit in the order they came");
        }
        try (Connection c = database.open(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT bike_id, COUNT(*), COUNT(DISTINCT seq) FROM fixes GROUP BY bike_id ORDER BY bike_id")) {
            assertTrue(rows.next());
            assertEquals("back", rows.getString(1));
            assertEquals(BACKLOG_BATCHES * FIXES_PER_BATCH, rows.getInt(2));
            assertEquals(BACKLOG_BATCHES * FIXES_PER_BATCH, rows.getInt(3));
            assertTrue(rows.next());
            assertEquals("live", rows.getString(1));
            assertEquals(1, rows.getInt(2));
        }
    }
}
