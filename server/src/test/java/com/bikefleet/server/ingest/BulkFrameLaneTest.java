package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkFrameLaneTest {

    private static final int LARGE = 10;

    /** Room for "hold-large" (10 characters) and three "large-frame-N" (13 each), not a fourth. */
    private static final int CAPACITY = 50;

    // Guarded by itself; notified on each frame handled, so the tests wait for frames, not for time.
    private final List<String> handled = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch syncReached = new CountDownLatch(1);

    private final BulkFrameLane lane = new BulkFrameLane(this::handle, LARGE, CAPACITY);
    private final BikeConnection a = connection("bike-a");
    private final BikeConnection b = connection("bike-b");
    private final BikeConnection c = connection("bike-c");

    private void handle(BikeConnection connection, String frame, long arrived) {
        if (frame.startsWith("hold")) {
            await(release);
        }
        if (frame.startsWith("sync")) {
            // Not recorded: it only marks a point in the lane's order (awaitLaneDoneWithEarlierFrames).
            syncReached.countDown();
            return;
        }
        synchronized (handled) {
            handled.add(connection.bikeId() + ":" + frame + "@" + Thread.currentThread().getName());
            handled.notifyAll();
        }
    }

    @AfterEach
    void close() {
        release.countDown();
        lane.close();
    }

    @Test
    void aSmallFrameIsHandledOnTheNetworkThread() {
        lane.deliver(a, "small");
        assertEquals(List.of("bike-a:small@" + Thread.currentThread().getName()), handled());
    }

    @Test
    void aConnectionsFramesAfterALargeOneFollowItThroughTheLaneWhileOthersGoOn() throws Exception {
        lane.deliver(a, "hold-large");
        lane.deliver(a, "small-1");
        lane.deliver(b, "small-2");
        assertEquals(List.of("bike-b:small-2@" + Thread.currentThread().getName()), handled(),
                "another bike's small frame does not wait for bike-a's large one; bike-a's does");
        release.countDown();
        awaitHandled(3);
        assertEquals(List.of("bike-b:small-2@" + Thread.currentThread().getName(), "bike-a:hold-large@ingest-bulk",
                "bike-a:small-1@ingest-bulk"), handled(), "bike-a's frames in the order they came");
        awaitLaneDoneWithEarlierFrames();
        assertFalse(a.hasFramesInBulkLane());
        lane.deliver(a, "small-3");
        assertEquals("bike-a:small-3@" + Thread.currentThread().getName(), handled().get(3),
                "back on the network thread once the lane holds none of its frames");
    }

    @Test
    void closingHandlesTheFramesAlreadyWaiting() {
        lane.deliver(a, "hold-large");
        lane.deliver(b, "large-frame-2");
        lane.deliver(a, "small");
        release.countDown();
        lane.close();
        assertEquals(3, handled().size());
        assertTrue(handled().stream().allMatch(h -> h.endsWith("@ingest-bulk")), handled().toString());
    }

    @Test
    void aFullLaneMakesTheNetworkThreadWaitForRoom() throws Exception {
        lane.deliver(a, "hold-large");
        for (int i = 0; i < 3; i++) {
            lane.deliver(b, "large-frame-" + i);
        }
        CountDownLatch delivered = new CountDownLatch(1);
        Thread network = new Thread(() -> {
            lane.deliver(b, "large-frame-3");
            delivered.countDown();
        });
        network.start();
        assertFalse(delivered.await(300, TimeUnit.MILLISECONDS), "62 characters waiting in a lane of 50");
        release.countDown();
        assertTrue(delivered.await(5, TimeUnit.SECONDS));
        awaitHandled(5);
        assertEquals("bike-b:large-frame-3@ingest-bulk", handled().get(4));
    }

    @Test
    void aFrameLongerThanTheWholeLaneWaitsForItToEmpty() throws Exception {
        lane.deliver(a, "hold-large");
        CountDownLatch delivered = new CountDownLatch(1);
        Thread network = new Thread(() -> {
            lane.deliver(b, "x".repeat(CAPACITY * 2));
            delivered.countDown();
        });
        network.start();
        assertFalse(delivered.await(300, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(delivered.await(5, TimeUnit.SECONDS), "taken once the lane is empty, not refused for ever");
        awaitHandled(2);
    }

    private List<String> handled() {
        synchronized (handled) {
            return List.copyOf(handled);
        }
    }

    private void awaitHandled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (handled) {
            long left;
            while (handled.size() < count && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(handled, left);
            }
        }
        assertEquals(count, handled().size(), handled().toString());
    }

    /**
     * The lane lets go of a frame (its connection's count) just after handling it; one thread in order, so
     * once a later frame is being handled, every earlier one has been let go.
     */
    private void awaitLaneDoneWithEarlierFrames() throws InterruptedException {
        lane.deliver(c, "sync-point");
        assertTrue(syncReached.await(5, TimeUnit.SECONDS));
    }

    private static BikeConnection connection(String bikeId) {
        // No session: the lane never sends; the handler above stands for the ingest pipeline.
        return new BikeConnection(bikeId, 0, null, null, null, new BikeSends(1), null);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
