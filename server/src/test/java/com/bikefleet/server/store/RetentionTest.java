package com.bikefleet.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import com.bikefleet.server.store.sqlite.SqliteFixStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention against a real SQLite file, run once by hand with a fixed clock. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path data;
    private SqliteDatabase database;
    private SqliteFixStore store;

    @BeforeEach
    void open() throws Exception {
        database = new SqliteDatabase(data);
        database.initialize();
        store = new SqliteFixStore(database, 100, 10);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void fixes(String bikeId, String outboxId, long firstSeq, Instant... times) throws Exception {
        List<Position> positions = new ArrayList<>();
        long seq = firstSeq;
        for (Instant time : times) {
            positions.add(new Position(seq++, Fix.of(time, 52.5, 13.4)));
        }
        store.write(new FixBatch(bikeId, outboxId, positions, false, NOW)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void deletesFixesAndTelemetryOlderThanThePeriodAndKeepsTheRest() throws Exception {
        Instant old = NOW.minus(Duration.ofDays(40));
        Instant recent = NOW.minus(Duration.ofDays(2));
        fixes("bike-a", "outbox-1", 1, old, old.plusSeconds(1), recent, recent.plusSeconds(1));
        fixes("bike-b", "outbox-9", 1, old);
        store.write(new TelemetryBatch("bike-a", "outbox-1", List.of(
                new Telemetry.Reading(1, old, "battery", "80"),
                new Telemetry.Reading(2, recent, "battery", "75")), NOW)).get(10, TimeUnit.SECONDS);

        Retention.Result result = new Retention(database, Duration.ofDays(30), CLOCK, "fix_history").runOnce();

        assertEquals(NOW.minus(Duration.ofDays(30)), result.cutoff());
        assertEquals(3, result.fixesDeleted());
        assertEquals(1, result.readingsDeleted());
        List<StoredFix> left = store.track("bike-a", Instant.EPOCH, NOW, 100);
        assertEquals(List.of(3L, 4L), left.stream().map(StoredFix::seq).toList());
        assertTrue(store.track("bike-b", Instant.EPOCH, NOW, 100).isEmpty());
        assertEquals(1, count("SELECT count(*) FROM telemetry"));
        assertEquals(2, count("SELECT seq FROM telemetry"));
    }

    @Test
    void deletesMoreThanOneChunk() throws Exception {
        Instant old = NOW.minus(Duration.ofDays(40));
        Instant[] times = new Instant[Retention.CHUNK + 5];
        for (int i = 0; i < times.length; i++) {
            times[i] = old.plusSeconds(i);
        }
        fixes("bike-a", "outbox-1", 1, times);

        assertEquals(times.length, new Retention(database, Duration.ofDays(30), CLOCK, "fix_history").runOnce().fixesDeleted());
        assertEquals(0, count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aScheduledRunThatFailsIsLoggedAndDoesNotThrow() throws Exception {
        // A database whose tables were never made: every run fails the same way.
        Retention broken = new Retention(new SqliteDatabase(data.resolve("empty")), Duration.ofDays(1), CLOCK);
        assertThrows(java.sql.SQLException.class, broken::runOnce);
        try (RetentionSchedule schedule = new RetentionSchedule(broken, Duration.ofDays(1), Duration.ofDays(1))) {
            schedule.runGuarded();
            schedule.runGuarded();
        }
    }

    @Test
    void zeroOrNegativeRetentionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Retention(database, Duration.ZERO, CLOCK));
        assertTrue(e.getMessage().contains("retention must be positive"), e.getMessage());
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
