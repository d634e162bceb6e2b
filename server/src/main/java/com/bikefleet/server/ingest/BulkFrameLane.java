package com.bikefleet.server.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Handles bikes' large frames (backlog batches of hundreds of fixes) on a thread of their own, so that a
 * backfill's first windows, hundreds of such frames at once, do not queue on Grizzly's few worker threads
 * ahead of the small frames of live bikes (measured in docs/performance-log.md, "the onset").
 *
 * <p>A connection's frames keep their order: while one of its frames is in the lane, its later frames,
 * large or small, follow it there; once the lane holds none of them, its small frames are handled on the
 * network thread again. The lane holds up to a budget of characters; a frame that does not fit makes the
 * network thread wait for room, as it waited for its own decoding before. The budget is sized for a
 * backfill's onset (100 bikes' first windows: 400 frames of some 60 KB), which a lane counted in frames
 * and sized for memory's sake (128) did not hold: the workers waited on it, and the live frames behind them.
 */
final class BulkFrameLane implements AutoCloseable {

    /** Frames from this many characters on go to the lane: a live frame holds a few fixes, a 500-fix batch ~60 KB. */
    static final int LARGE_FRAME_CHARS = 16 * 1024;

    /** What is done with a frame, wherever it runs; {@code arrivedNanos} is when the network thread had it. */
    interface FrameHandler {
        void onFrame(BikeConnection connection, String frame, long arrivedNanos);
    }

    private final FrameHandler handler;
    private final int largeFrameChars;
    private final int capacityChars;
    // Characters of the frames in the lane; a frame takes its length on entry and gives it back when handled.
    private final Semaphore room;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(BulkFrameLane::newThread);

    /**
     * @param capacityChars characters of frames that may wait in the lane before the network threads wait
     *                      for room; a frame longer than this waits until the lane is empty
     */
    BulkFrameLane(FrameHandler handler, int largeFrameChars, int capacityChars) {
        this.handler = handler;
        this.largeFrameChars = largeFrameChars;
        this.capacityChars = capacityChars;
        this.room = new Semaphore(capacityChars);
    }

    /** Called on the network thread delivering the connection's frames, one at a time per connection. */
    void deliver(BikeConnection connection, String frame) {
        long arrived = System.nanoTime();
        if (frame.length() < largeFrameChars && !connection.hasFramesInBulkLane()) {
            handler.onFrame(connection, frame, arrived);
            return;
        }
        int size = Math.min(frame.length(), capacityChars);
        try {
            room.acquire(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Unacknowledged: the bike sends the frame again.
            Logger.debug("Bike {}: interrupted while waiting for room for a large frame", connection.bikeId());
            return;
        }
        connection.bulkFrameQueued();
        try {
            thread.execute(() -> {
                try {
                    handler.onFrame(connection, frame, arrived);
                } catch (RuntimeException e) {
                    // As Tyrus would report it for a frame handled on its own thread.
                    Logger.warn(e, "Bike {}: handling a large frame failed", connection.bikeId());
                } finally {
                    connection.bulkFrameDone();
                    room.release(size);
                }
            });
        } catch (RejectedExecutionException e) {
            connection.bulkFrameDone();
            room.release(size);
            // Closing: the bike has not been acknowledged for this frame and sends it again.
            Logger.debug("Bike {}: a large frame arrived while the server stops", connection.bikeId());
        }
    }

    private static Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "ingest-bulk");
        // A frame cut off by the JVM's exit was not acknowledged; its bike sends it again.
        thread.setDaemon(true);
        return thread;
    }

    /** Finishes the frames already in the lane (their writes reach the store), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                Logger.warn("The bulk lane did not finish its frames within 10 s");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
