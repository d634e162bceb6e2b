package com.bikefleet.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One upsert per bike per commit group, against a real SQLite file: the rules the three old statements kept. */
class BikeStateChangesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path data;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        connection = database.open();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private void commit(BikeStateChanges changes) throws Exception {
        try (PreparedStatement upsert = connection.prepareStatement(BikeStateChanges.upsert("MAX"))) {
            changes.bindTo(upsert);
            upsert.executeBatch();
        }
        assertTrue(changes.isEmpty(), "bound changes are forgotten");
    }

    @Test
    void theNewestFixByGpsTimeWinsAcrossGroupsAndStatusKeepsWhatWasNotReported() throws Exception {
        BikeStateChanges group = new BikeStateChanges();
        group.reported("bike-1", Fix.of(T0.plusSeconds(100), 52.1, 13.1));
        group.reported("bike-1", Fix.of(T0.plusSeconds(50), 52.0, 13.0));
        group.seen("bike-1", T0.plusSeconds(1000));
        group.seen("bike-1", T0.plusSeconds(990));
        commit(group);
        assertState("bike-1", T0.plusSeconds(1000), T0.plusSeconds(100), 52.1, null, null, null);

        // A backfilled (older) fix and an older receipt time do not move the bike back.
        group.reported("bike-1", Fix.of(T0.plusSeconds(80), 51.0, 12.0));
        group.status(new BikeStatusUpdate("bike-1", "no_fix", null, 2L, T0.plusSeconds(900)));
        commit(group);
        assertState("bike-1", T0.plusSeconds(1000), T0.plusSeconds(100), 52.1, "no_fix", null, 2L);

        // A status names only what it reports; the last non-null value of a group wins.
        group.status(new BikeStatusUpdate("bike-1", null, 5L, null, T0.plusSeconds(2000)));
        group.status(new BikeStatusUpdate("bike-1", null, 6L, null, T0.plusSeconds(2001)));
        group.reported("bike-1", Fix.of(T0.plusSeconds(200), 53.0, 14.0));
        commit(group);
        assertState("bike-1", T0.plusSeconds(2001), T0.plusSeconds(200), 53.0, "no_fix", 6L, 2L);
    }

    @Test
    void aBikeHeardFromWithoutAFixGetsARowWithoutAPositionAndAFixLaterFillsIt() throws Exception {
        BikeStateChanges group = new BikeStateChanges();
        group.status(new BikeStatusUpdate("bike-2", "no_data", 0L, 0L, T0));
        commit(group);
        assertState("bike-2", T0, null, null, "no_data", 0L, 0L);

        group.reported("bike-2", Fix.of(T0.minusSeconds(5), 52.5, 13.5));
        group.seen("bike-2", T0.plusSeconds(1));
        commit(group);
        assertState("bike-2", T0.plusSeconds(1), T0.minusSeconds(5), 52.5, "no_data", 0L, 0L);
    }

    private void assertState(String bikeId, Instant lastSeen, Instant fixTime, Double lat, String gps, Long depth,
                             Long dropped) throws Exception {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT last_seen, fix_time, lat, gps, outbox_depth, dropped FROM bike_state WHERE bike_id = ?")) {
            query.setString(1, bikeId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "a row for " + bikeId);
                assertEquals(lastSeen.toEpochMilli(), row.getLong(1));
                assertEquals(fixTime == null ? null : fixTime.toEpochMilli(), FixColumns.optionalLong(row, 2));
                double latitude = row.getDouble(3);
                assertEquals(lat, row.wasNull() ? null : latitude);
                assertEquals(gps, row.getString(4));
                assertEquals(depth, FixColumns.optionalLong(row, 5));
                assertEquals(dropped, FixColumns.optionalLong(row, 6));
                assertFalse(row.next());
            }
        }
    }
}
