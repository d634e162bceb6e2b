package com.bikefleet.server.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.Fix;
import com.bikefleet.server.Await;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.SeqRange;
import com.bikefleet.server.store.StoreBusyException;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live fixes go to the arrivals table and are merged into the history in rounds; every read, the exactly-once
 * check and the duplicate count see one store whichever table holds a fix, and a store stopped with fixes in
 * arrivals (or killed: the table is what a next start reads) loses none.
 */
class ArrivalTiersTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final ArrivalMerge.Policy NEVER =
            new ArrivalMerge.Policy(Integer.MAX_VALUE, TimeUnit.DAYS.toNanos(365), 5_000);
    private static final ArrivalMerge.Policy AT_ONCE = new ArrivalMerge.Policy(1, 0, 3);

    @TempDir
    Path data;

    @Test
    void liveFixesAreReadFromArrivalsAndFromHistoryAfterAMerge() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, live("bike-a", "o1", false, 1, 2, 3));
            write(store, live("bike-b", "o1", false, 1));
            assertEquals(4, count(database, "fix_arrivals"));
            assertEquals(0, count(database, "fix_history"));
            assertEquals(List.of(1L, 2L, 3L), seqsOfTrack(store, "bike-a"));
            assertEquals(3, store.highestSeqs("bike-a", "o1").fixes());
            assertEquals(List.of(), store.gaps("bike-a", 10).outboxes().get(0).gaps());
        }
        // A clean stop merges what arrivals held.
        assertEquals(0, count(database, "fix_arrivals"));
        assertEquals(4, count(database, "fix_history"));
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            assertEquals(List.of(1L, 2L, 3L), seqsOfTrack(store, "bike-a"));
            assertEquals(3, store.highestSeqs("bike-a", "o1").fixes());
        }
    }

    @Test
    void gapsAreReadFromTheHistoryAndTheArrivalsTogether() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, new FixBatch("bike-a", "o1", positions(0, 1, 2, 3, 6, 10), false, T0));
            write(store, live("bike-a", "o1", false, 4, 8, 12));
            write(store, live("bike-a", "o2", false, 5));
            assertEquals(5, count(database, "fix_history"));
            assertEquals(4, count(database, "fix_arrivals"));

            List<OutboxGaps> all = store.gaps("bike-a", 10).outboxes();
            assertEquals(List.of(
                    new OutboxGaps("o1", 1, 12, 8, 4, List.of(new SeqRange(5, 5), new SeqRange(7, 7),
                            new SeqRange(9, 9), new SeqRange(11, 11)), false),
                    new OutboxGaps("o2", 5, 5, 1, 0, List.of(), false)), all);
            // The limit cuts after the arrivals have filled what they fill; the counts stay whole.
            assertEquals(new OutboxGaps("o1", 1, 12, 8, 4, List.of(new SeqRange(5, 5), new SeqRange(7, 7)), true),
                    store.gaps("bike-a", 2).outboxes().get(0));
        }
        // After the merge the history alone gives the same report.
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            assertEquals(0, count(database, "fix_arrivals"));
            assertEquals(new OutboxGaps("o1", 1, 12, 8, 4, List.of(new SeqRange(5, 5), new SeqRange(7, 7)), true),
                    store.gaps("bike-a", 2).outboxes().get(0));
        }
    }

    @Test
    void liveFixesAreRefusedWhileArrivalsHoldTheirBoundAndBacklogStillGoesToTheHistory() throws Exception {
        SqliteDatabase database = initialized();
        ArrivalMerge.Policy held3 = new ArrivalMerge.Policy(Integer.MAX_VALUE, TimeUnit.DAYS.toNanos(365), 5_000, 3);
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, held3)) {
            write(store, live("bike-a", "o1", false, 1, 2));
            write(store, live("bike-b", "o1", false, 1));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> write(store, live("bike-a", "o1", false, 3)));
            assertInstanceOf(StoreBusyException.class, refused.getCause());
            write(store, new FixBatch("bike-a", "o1", positions(0, 3), false, T0));
            assertEquals(3, count(database, "fix_arrivals"));
            assertEquals(1, count(database, "fix_history"));
        }
    }

    @Test
    void theBikeListShowsALiveFixAtOnceThoughItsStateRowIsWrittenByTheNextRound() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, live("bike-a", "o1", false, 1, 2, 3));
            write(store, new FixBatch("bike-a", "o1", positions(0, 1), false, T0.plusSeconds(1)));
            BikeView bike = store.bikes().get(0);
            assertEquals("bike-a", bike.bikeId());
            assertEquals(T0.plusSeconds(3), bike.lastFix().time(), "the newest live fix");
            assertEquals(T0.plusSeconds(1), bike.lastSeen(), "the latest time heard from, backlog included");
            assertEquals(T0.plusSeconds(1).toEpochMilli(), count(database, "SELECT max(last_seen) FROM bike_state"),
                    "the live fixes' state waits for a round");
            assertEquals(T0.plusSeconds(1).toEpochMilli(), count(database, "SELECT max(fix_time) FROM bike_state"));
        }
        assertEquals(T0.plusSeconds(3).toEpochMilli(), count(database, "SELECT max(fix_time) FROM bike_state"));
    }

    @Test
    void trackPagesInterleaveTheHistoryAndTheArrivalsByTimeAndShowAFixInBothOnce() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, new FixBatch("bike-a", "o1", positions(0, 1, 3, 5), false, T0));
            write(store, live("bike-a", "o1", false, 2, 4));
            List<List<Long>> pages = new ArrayList<>();
            TrackCursor cursor = null;
            do {
                List<StoredFix> page = store.track("bike-a", T0, T0.plusSeconds(3600), cursor, 2);
                pages.add(page.stream().map(StoredFix::seq).toList());
                StoredFix last = page.get(page.size() - 1);
                cursor = page.size() < 2 ? null : new TrackCursor(last.fix().time(), last.outboxId(), last.seq());
            } while (cursor != null);
            assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L)), pages);
        }
        // Between a round's copy and its delete a fix is in both tables: one page shows it once.
        StoredFix copied = new StoredFix("o1", 2, positions(0, 2).get(0).fix());
        FixArrivals.Arrival arrival = new FixArrivals.Arrival(7, "o1", 2, copied.fix(), 0);
        List<StoredFix> history = List.of(new StoredFix("o1", 1, positions(0, 1).get(0).fix()), copied);
        assertEquals(List.of(1L, 2L), ArrivalTrack.page(history, List.of(arrival), T0, T0.plusSeconds(60), null, 10)
                .stream().map(StoredFix::seq).toList());
    }

    @Test
    void roundsMergeInChunksWhileFixesKeepComing() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, AT_ONCE)) {
            for (long seq = 1; seq <= 20; seq++) {
                for (String bike : List.of("bike-a", "bike-b", "bike-c", "bike-d")) {
                    write(store, live(bike, "o1", false, seq));
                }
            }
            Await.until("every arrival merged", Duration.ofSeconds(10),
                    () -> count(database, "fix_arrivals") == 0);
            assertEquals(80, count(database, "fix_history"));
            assertEquals(80, count(database, "fixes"));
            for (String bike : List.of("bike-a", "bike-b", "bike-c", "bike-d")) {
                assertEquals(20, seqsOfTrack(store, bike).size());
                assertEquals(20, store.highestSeqs(bike, "o1").fixes());
            }
        }
    }

    @Test
    void aFixIsStoredOnceWhicheverTableHoldsItAndOtherContentUnderItsKeyIsCounted() throws Exception {
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, live("bike-a", "o1", false, 1, 2));
            // Resent as backlog after a lost ack: held in arrivals, not written to the history.
            write(store, new FixBatch("bike-a", "o1", positions(0, 1, 2), false, T0));
            // Resent live on a new connection (may repeat): the same.
            write(store, live("bike-a", "o1", true, 2));
            assertEquals(2, count(database, "fixes"));
            assertEquals(0, store.conflictingDuplicates());
            // Seq 2 again with another position: the stored one is kept and the difference counted.
            write(store, new FixBatch("bike-a", "o1", positions(0.5, 2), true, T0, true));
            assertEquals(1, store.conflictingDuplicates());
            // Backlog in the history, then the same keys live: compared against the history.
            write(store, new FixBatch("bike-a", "o1", positions(0, 10, 11), false, T0));
            write(store, live("bike-a", "o1", true, 10));
            write(store, new FixBatch("bike-a", "o1", positions(0.5, 11), true, T0, true));
            assertEquals(4, count(database, "fixes"));
            assertEquals(2, store.conflictingDuplicates());
        }
    }

    @Test
    void arrivalsLeftByAStoreThatDidNotStopAreReadAtTheNextStartAndMerged() throws Exception {
        SqliteDatabase database = initialized();
        SqliteFixStore crashed = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER);
        write(crashed, live("bike-a", "o1", false, 1, 2, 3));
        // Not closed: as after a kill, the three fixes are only in the arrivals table.
        assertEquals(3, count(database, "fix_arrivals"));
        try (SqliteFixStore next = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            assertEquals(3, next.highestSeqs("bike-a", "o1").fixes());
            // The bike resends what it had no ack for: found among the arrivals the start read back.
            write(next, new FixBatch("bike-a", "o1", positions(0, 2, 3, 4), false, T0));
            assertEquals(List.of(1L, 2L, 3L, 4L), seqsOfTrack(next, "bike-a"));
        }
        assertEquals(0, count(database, "fix_arrivals"));
        assertEquals(4, count(database, "fix_history"));
        crashed.close(); // only to stop its threads: its merge finds the work done
        assertEquals(4, count(database, "fixes"));
    }

    @Test
    void aDatabaseOfTheOlderSchemaKeepsItsFixes() throws Exception {
        Files.createDirectories(data);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDatabase.FILE_NAME));
             Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE fixes (bike_id TEXT NOT NULL, outbox_id TEXT NOT NULL, seq INTEGER NOT NULL,
                      fix_time INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, speed REAL, course REAL,
                      alt REAL, hdop REAL, sats INTEGER, fix_type TEXT, received_at INTEGER NOT NULL,
                      PRIMARY KEY (bike_id, outbox_id, seq)) WITHOUT ROWID""");
            s.execute("CREATE INDEX fixes_by_bike_time ON fixes (bike_id, fix_time)");
            s.execute("INSERT INTO fixes (bike_id, outbox_id, seq, fix_time, lat, lon, received_at)"
                    + " VALUES ('bike-a', 'o1', 1, " + T0.toEpochMilli() + ", 52.0, 13.0, 0)");
        }
        SqliteDatabase database = initialized();
        try (SqliteFixStore store = new SqliteFixStore(database, 100, 100, CommitObserver.NONE, NEVER)) {
            write(store, live("bike-a", "o1", true, 1, 2));
            assertEquals(List.of(1L, 2L), seqsOfTrack(store, "bike-a"));
        }
        assertEquals(2, count(database, "fix_history"));
    }

    private SqliteDatabase initialized() throws SQLException {
        SqliteDatabase database = new SqliteDatabase(data);
        database.initialize();
        return database;
    }

    private static void write(SqliteFixStore store, FixBatch batch) throws Exception {
        store.write(batch).get(10, TimeUnit.SECONDS);
    }

    private static FixBatch live(String bike, String outbox, boolean mayRepeat, long... seqs) {
        return new FixBatch(bike, outbox, positions(0, seqs), true, T0, mayRepeat);
    }

    /** Fixes a second apart from T0 at seq seconds; {@code shift} moves the position (other content). */
    private static List<Position> positions(double shift, long... seqs) {
        List<Position> positions = new ArrayList<>();
        for (long seq : seqs) {
            positions.add(new Position(seq, new Fix(T0.plusSeconds(seq), 52.0 + shift + seq / 1000.0, 13.0, 4.0,
                    90.0, 35.0, 0.9, 8, FixType.THREE_D)));
        }
        return positions;
    }

    private static List<Long> seqsOfTrack(SqliteFixStore store, String bike) {
        return store.track(bike, T0, T0.plusSeconds(3600), null, 1000).stream().map(StoredFix::seq).toList();
    }

    /** A table's row count, or what a query starting with SELECT gives. */
    private static long count(SqliteDatabase database, String tableOrQuery) throws SQLException {
        String sql = tableOrQuery.startsWith("SELECT") ? tableOrQuery : "SELECT count(*) FROM " + tableOrQuery;
        try (Connection c = database.open(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
