package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.FixBatch;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveHandoffTest {

    private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

    /** Records what it is told; the first call waits on a latch, as a hub busy with many listeners would. */
    private static final class StuckFeed implements LiveFeed {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> told = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        private void record(String event) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            told.add(event);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void fixesStored(FixBatch batch) {
            record("fixes " + batch.bikeId() + " " + batch.positions().get(0).seq());
        }

        @Override
        public void bikeOnline(String bikeId) {
            record("online " + bikeId);
        }

        @Override
        public void bikeOffline(String bikeId) {
            record("offline " + bikeId);
        }
    }

    private static FixBatch liveBatch(String bike, long seq) {
        Fix fix = new Fix(T.plusSeconds(seq), 52.5, 13.4, 4.0, 90.0, 35.0, 0.9, 9, FixType.THREE_D);
        return new FixBatch(bike, "outbox", List.of(new Position(seq, fix)), true, T, false);
    }

    @Test
    void callersReturnWhileTheLiveSideIsBusyAndEventsArriveInOrderOnItsThread() throws Exception {
        StuckFeed target = new StuckFeed();
        try (LiveHandoff handoff = new LiveHandoff(target, 100)) {
            handoff.bikeOnline("b1");
            assertTrue(target.entered.await(10, TimeUnit.SECONDS), "the hand-off thread took the first event");
            // The target is stuck inside bikeOnline: these return at once all the same.
            handoff.fixesStored(liveBatch("b1", 1));
            handoff.fixesStored(liveBatch("b1", 2));
            handoff.bikeOffline("b1");
            assertEquals(3, handoff.queued());
            target.release.countDown();
        }
        // close() handed over what was queued.
        assertEquals(List.of("online b1", "fixes b1 1", "fixes b1 2", "offline b1"), target.told);
        assertTrue(target.threads.stream().allMatch("live-handoff"::equals), target.threads.toString());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        StuckFeed target = new StuckFeed();
        try (LiveHandoff handoff = new LiveHandoff(target, 2)) {
            handoff.bikeOnline("b1");
            assertTrue(target.entered.await(10, TimeUnit.SECONDS));
            for (int seq = 1; seq <= 5; seq++) {
                handoff.fixesStored(liveBatch("b1", seq));
            }
            assertEquals(2, handoff.queued());
            assertEquals(3, handoff.dropped());
            target.release.countDown();
        }
        assertEquals(List.of("online b1", "fixes b1 1", "fixes b1 2"), target.told);
    }

    @Test
    void backlogBatchesAreNotHandedOverAtAll() throws Exception {
        StuckFeed target = new StuckFeed();
        target.release.countDown();
        try (LiveHandoff handoff = new LiveHandoff(target, 2)) {
            FixBatch live = liveBatch("b1", 1);
            handoff.fixesStored(new FixBatch("b1", "outbox", live.positions(), false, T, false));
            handoff.fixesStored(new FixBatch("b1", "outbox", List.of(), true, T, false));
        }
        assertEquals(List.of(), target.told);
    }

    @Test
    void aFailingTargetDoesNotStopTheEventsAfterIt() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        LiveFeed failing = new LiveFeed() {
            @Override
            public void fixesStored(FixBatch batch) {
                throw new IllegalStateException("listener index broken");
            }

            @Override
            public void bikeOnline(String bikeId) {
                told.add("online " + bikeId);
            }

            @Override
            public void bikeOffline(String bikeId) {
                told.add("offline " + bikeId);
            }
        };
        try (LiveHandoff handoff = new LiveHandoff(failing, 10)) {
            handoff.bikeOnline("b1");
            handoff.fixesStored(liveBatch("b1", 1));
            handoff.bikeOffline("b1");
        }
        assertEquals(List.of("online b1", "offline b1"), told);
    }
}
