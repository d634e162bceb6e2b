package com.bikefleet.server.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.command.CommandStore;
import com.bikefleet.server.command.TooManyCommandsException;
import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.BikeStatusUpdate;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.Retention;
import com.bikefleet.server.store.SeqRange;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TelemetryBatch;
import com.bikefleet.server.store.TrackCursor;
import java.security.SecureRandom;
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

/** The PostgreSQL backend against a real PostgreSQL: the same contract as the SQLite store, shared by instances. */
class PostgresStorageTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestPostgres database;
    private PostgresStorage storage;
    private FixStore store;

    @BeforeEach
    void open() throws Exception {
        database = TestPostgres.create();
        storage = PostgresStorage.open(database.url(), null, null, 4);
        store = storage.openFixStore(100, 10, CommitObserver.NONE);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (storage != null) {
            storage.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static Position position(long seq, Instant time) {
        return new Position(seq, new Fix(time, 52.52 + seq * 1e-4, 13.40, 5.5, 90.0, 34.0, 0.9, 9, FixType.THREE_D));
    }

    private void write(String bike, String outbox, boolean live, long... seqs) throws Exception {
        List<Position> positions = new ArrayList<>();
        for (long seq : seqs) {
            positions.add(position(seq, NOW.minusSeconds(100 - seq)));
        }
        store.write(new FixBatch(bike, outbox, positions, live, NOW)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFixResentIsStoredOnceAndTheTrackComesBackInOrderWithEveryField() throws Exception {
        write("bike-1", "outbox-a", true, 1, 2, 3);
        write("bike-1", "outbox-a", false, 2, 3, 4);

        List<StoredFix> track = store.track("bike-1", NOW.minusSeconds(1000), NOW, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), track.stream().map(StoredFix::seq).toList());
        assertEquals(position(2, NOW.minusSeconds(98)).fix(), track.get(1).fix());

        List<StoredFix> page = store.track("bike-1", NOW.minusSeconds(1000), NOW, TrackCursor.after(track.get(1)), 100);
        assertEquals(List.of(3L, 4L), page.stream().map(StoredFix::seq).toList());
    }

    @Test
    void aDuplicateKeyWithOtherContentIsCountedAndTheStoredFixKept() throws Exception {
        write("bike-1", "outbox-a", true, 1, 2, 3);
        write("bike-1", "outbox-a", false, 2, 3);
        assertEquals(0, store.conflictingDuplicates(), "a resend with the same content is no conflict");

        Position other = new Position(2, new Fix(NOW.minusSeconds(5), 48.1, 11.5, null, null, null, null, null, null));
        store.write(new FixBatch("bike-1", "outbox-a", List.of(other, position(4, NOW.minusSeconds(96))), true, NOW))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, store.conflictingDuplicates());
        List<StoredFix> track = store.track("bike-1", NOW.minusSeconds(1000), NOW, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), track.stream().map(StoredFix::seq).toList());
        assertEquals(position(2, NOW.minusSeconds(98)).fix(), track.get(1).fix(), "the stored fix is kept");
    }

    @Test
    void gapsBikesAndStatusReadAsOnSqlite() throws Exception {
        write("bike-1", "outbox-a", true, 1, 2, 5, 9);
        store.write(new BikeStatusUpdate("bike-1", "fix", 3L, 7L, NOW)).get(10, TimeUnit.SECONDS);
        store.write(new TelemetryBatch("bike-1", "outbox-a", List.of(new Telemetry.Reading(1, NOW, "battery", "81")),
                NOW)).get(10, TimeUnit.SECONDS);

        GapReport gaps = store.gaps("bike-1", 10);
        assertEquals(7L, gaps.dropped());
        assertEquals(List.of(new SeqRange(3, 4), new SeqRange(6, 8)), gaps.outboxes().get(0).gaps());
        assertEquals(5, gaps.outboxes().get(0).missing());

        BikeView bike = store.bikes().get(0);
        assertEquals("bike-1", bike.bikeId());
        assertEquals(NOW.minusSeconds(91), bike.lastFix().time(), "the newest fix by GPS time");
        assertEquals("fix", bike.gps());
        assertEquals(3L, bike.outboxDepth());
        assertEquals("81", bike.battery().value());
    }

    @Test
    void anOlderBackfilledFixDoesNotMoveTheBike() throws Exception {
        write("bike-1", "outbox-a", true, 10);
        write("bike-1", "outbox-a", false, 3);
        assertEquals(NOW.minusSeconds(90), store.bikes().get(0).lastFix().time());
    }

    @Test
    void retentionDeletesWhatIsOlderThanThePeriod() throws Exception {
        write("bike-1", "outbox-a", true, 1, 50, 99);
        Retention.Result result = storage.retention(Duration.ofSeconds(30), CLOCK).runOnce();
        assertEquals(2, result.fixesDeleted());
        assertEquals(List.of(99L), store.track("bike-1", NOW.minusSeconds(1000), NOW, 100).stream()
                .map(StoredFix::seq).toList());
    }

    @Test
    void twoInstancesShareBikesAndApiTokensAndASecondStartMigratesNothing() throws Exception {
        try (PostgresStorage other = PostgresStorage.open(database.url(), null, null, 2);
             BikeRegistry here = new BikeRegistry(storage.sql(), new SecureRandom(), CLOCK);
             BikeRegistry there = new BikeRegistry(other.sql(), new SecureRandom(), CLOCK);
             ApiTokens tokensHere = new ApiTokens(storage.sql(), new SecureRandom(), CLOCK);
             ApiTokens tokensThere = new ApiTokens(other.sql(), new SecureRandom(), CLOCK)) {
            String token = here.register("bike-7");
            assertTrue(there.authenticate("bike-7", token), "a bike provisioned on one instance is known on another");
            assertThrows(IllegalArgumentException.class, () -> there.register("bike-7"));
            there.revoke("bike-7");
            assertFalse(here.authenticate("bike-7", token));

            String api = tokensHere.create("dashboard");
            assertEquals("dashboard", tokensThere.authenticate(api));
            assertNull(tokensThere.authenticate(api + "x"));
        }
    }

    @Test
    void commandsAreCappedPerBikeAndCancelledAsOnSqlite() throws Exception {
        try (CommandStore commandStore = new CommandStore(storage.sql(), false)) {
            CommandService commands = new CommandService(commandStore, CLOCK);
            String first = commands.create("bike-1", "ring", java.util.Map.of()).id();
            for (int i = 1; i < CommandService.MAX_UNFINISHED_PER_BIKE; i++) {
                commands.create("bike-1", "ring", java.util.Map.of());
            }
            assertThrows(TooManyCommandsException.class, () -> commands.create("bike-1", "ring", java.util.Map.of()));
            commands.create("bike-2", "ring", java.util.Map.of());

            assertEquals(CommandService.Cancel.CANCELLED, commands.cancel("bike-1", first));
            assertEquals(CommandService.Cancel.ALREADY_FINISHED, commands.cancel("bike-1", first));
            assertEquals(CommandService.Cancel.NOT_FOUND, commands.cancel("bike-2", first));
            commands.result("bike-1", new CommandResult(first, "done", "too late"));
            assertEquals("cancelled", commands.find("bike-1", first).state());
            commands.create("bike-1", "ring", java.util.Map.of());
            assertEquals(17, commands.forBike("bike-1").size());
        }
    }
}
