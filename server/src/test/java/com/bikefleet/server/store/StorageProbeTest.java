package com.bikefleet.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The readiness probe against stub stores: a failing write and a write that never commits. */
class StorageProbeTest {

    /** Answers every write with what the supplier gives and counts the writes. */
    private static final class StubStore implements FixStore {
        final AtomicInteger writes = new AtomicInteger();
        private final Supplier<CompletableFuture<Void>> answer;

        StubStore(Supplier<CompletableFuture<Void>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<Void> write(StoreWrite write) {
            writes.incrementAndGet();
            return answer.get();
        }

        @Override
        public List<BikeView> bikes() {
            return List.of();
        }

        @Override
        public List<StoredFix> track(String bikeId, Instant from, Instant to, TrackCursor after, int limit) {
            return List.of();
        }

        @Override
        public GapReport gaps(String bikeId, int maxGaps) {
            return new GapReport(bikeId, null, List.of(), com.bikefleet.server.store.OutboxIncidents.NONE);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFailedWriteIsNotWritableAndNamesTheCause() {
        StubStore store = new StubStore(() -> CompletableFuture.failedFuture(new StoreException("disk",
                new java.sql.SQLException("disk I/O error"))));
        try (StorageProbe probe = new StorageProbe(store, Clock.systemUTC(), Duration.ofSeconds(5))) {
            StorageProbe.Result result = probe.check();
            assertFalse(result.writable());
            assertTrue(result.problem().contains("disk I/O error"), result.problem());
        }
    }

    @Test
    void aWriteThatNeverCommitsTimesOutAndLaterChecksShareIt() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        StubStore store = new StubStore(() -> never);
        try (StorageProbe probe = new StorageProbe(store, Clock.systemUTC(), Duration.ofMillis(50))) {
            StorageProbe.Result first = probe.check();
            StorageProbe.Result second = probe.check();
            assertFalse(first.writable());
            assertTrue(first.problem().contains("did not commit within 50 ms"), first.problem());
            assertFalse(second.writable());
            assertTrue(store.writes.get() <= 1, "a stuck store gets one probe, not one per check");
        }
    }

    @Test
    void aCommittedWriteIsWritable() {
        StubStore store = new StubStore(() -> CompletableFuture.completedFuture(null));
        try (StorageProbe probe = new StorageProbe(store, Clock.systemUTC(), Duration.ofSeconds(5))) {
            assertTrue(probe.check().writable());
        }
    }

    @Test
    void checksWithinASecondShareOneWriteAndALaterCheckWritesAgain() {
        StubStore store = new StubStore(() -> CompletableFuture.completedFuture(null));
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (StorageProbe probe = new StorageProbe(store, clock, Duration.ofSeconds(5))) {
            for (int i = 0; i < 100; i++) {
                assertTrue(probe.check().writable());
            }
            assertEquals(1, store.writes.get(), "checks within a second share one test write");
            now.addAndGet(StorageProbe.FRESH_FOR.toMillis());
            assertTrue(probe.check().writable());
            assertEquals(2, store.writes.get(), "a check a second later writes again");
        }
    }
}
