package com.bikefleet.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.TelemetryBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the SQLite store cannot bind (a time past epoch milliseconds, which ingest no longer lets through)
 * fails alone: the other bikes' writes of its group commit, and nothing of the failed one is left behind.
 */
class StoreIsolationTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path data;

    @Test
    void aWriteThatCannotBeStoredFailsAloneAndTheRestOfItsGroupIsCommitted() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        CompletableFuture<Void> before;
        CompletableFuture<Void> good;
        CompletableFuture<Void> bad;
        CompletableFuture<Void> after;
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100);
             Connection lock = database.open(); Statement locking = lock.createStatement()) {
            // While another connection holds the write lock the committer waits with its first write, and the
            // three after it queue up into the next group.
            locking.execute("BEGIN IMMEDIATE");
            CompletableFuture<Void> first = store.write(fixes("bike-0", 1));
            before = store.write(fixes("bike-1", 1));
            // Its first reading can be bound, its second cannot: the half-bound batch must be rolled back.
            bad = store.write(new TelemetryBatch("bike-2", "o-bike-2", List.of(
                    new Telemetry.Reading(1, NOW, "battery", "80"),
                    new Telemetry.Reading(2, Instant.MAX, "battery", "79")), NOW));
            good = store.write(new TelemetryBatch("bike-3", "o-bike-3", List.of(
                    new Telemetry.Reading(1, NOW, "battery", "90")), NOW));
            after = store.write(fixes("bike-4", 2));
            locking.execute("ROLLBACK");
            first.get(30, TimeUnit.SECONDS);

            before.get(30, TimeUnit.SECONDS);
            good.get(30, TimeUnit.SECONDS);
            after.get(30, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ArithmeticException.class, refused.getCause());
        }
        assertEquals("bike-0:1 bike-1:1 bike-4:2", rows(database, "SELECT bike_id || ':' || COUNT(*) FROM fixes "
                + "GROUP BY bike_id ORDER BY bike_id"));
        assertEquals("bike-3:1", rows(database, "SELECT bike_id || ':' || COUNT(*) FROM telemetry "
                + "GROUP BY bike_id ORDER BY bike_id"), "none of bike-2's readings");
        assertFalse(rows(database, "SELECT bike_id FROM bike_state ORDER BY bike_id").contains("bike-2"),
                "nor its state");
    }

    private static FixBatch fixes(String bikeId, int count) {
        List<Position> positions = new java.util.ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            positions.add(new Position(seq, Fix.of(NOW.minusSeconds(60 - seq), 52.5, 13.4)));
        }
        return new FixBatch(bikeId, "o-" + bikeId, positions, true, NOW);
    }

    private static String rows(SqliteDatabase database, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = database.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.append(out.length() == 0 ? "" : " ").append(r.getString(1));
            }
        }
        return out.toString();
    }
}
