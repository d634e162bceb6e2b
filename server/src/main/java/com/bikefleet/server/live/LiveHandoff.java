package com.bikefleet.server.live;

import com.bikefleet.server.store.FixBatch;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.tinylog.Logger;

/**
 * Runs what ingest tells the live side on a thread of its own ({@code live-handoff}), in the order it was
 * told. The store's acks thread calls {@link #fixesStored} after every commit: with 3,000 listeners, encoding
 * each position and finding its listeners there took as long as the acks, and the committer, which waits
 * for that thread once a few groups are unacknowledged, stopped taking writes; bikes were pushed back.
 *
 * <p>Bounded: at most {@link #DEFAULT_CAPACITY} events wait. One that finds the queue full is dropped and
 * counted, never waited for: a late position on a map is a lesser harm than a bike's ack held back. A bike's
 * next fix replaces a dropped one on the map; a dropped online/offline event is corrected by the snapshot a
 * listener gets when it (re)subscribes.
 */
public final class LiveHandoff implements LiveFeed, AutoCloseable {

    /** About five seconds of a ten-times fleet's events (10,000 positions and statuses a second). */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final Duration DROP_LOG_EVERY = Duration.ofMinutes(1);

    private final LiveFeed target;
    private final ThreadPoolExecutor thread;
    private final LongAdder dropped = new LongAdder();
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_EVERY.toNanos();

    public LiveHandoff(LiveFeed target, int capacity) {
        this.target = target;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread t = new Thread(task, "live-handoff");
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> drop());
        thread.prestartCoreThread();
    }

    public LiveHandoff(LiveFeed target) {
        this(target, DEFAULT_CAPACITY);
    }

    @Override
    public void fixesStored(FixBatch batch) {
        if (batch.live() && !batch.positions().isEmpty()) {
            run(() -> target.fixesStored(batch));
        }
    }

    @Override
    public void bikeOnline(String bikeId) {
        run(() -> target.bikeOnline(bikeId));
    }

    @Override
    public void bikeOffline(String bikeId) {
        run(() -> target.bikeOffline(bikeId));
    }

    @Override
    public void bikeStatus(LiveStatus status) {
        run(() -> target.bikeStatus(status));
    }

    /** Events dropped because the queue was full (or the hand-off closed), ever. */
    public long dropped() {
        return dropped.sum();
    }

    /** Events waiting for the hand-off thread. */
    public int queued() {
        return thread.getQueue().size();
    }

    private void run(Runnable event) {
        // A full queue or a closed hand-off goes to the rejection handler: drop().
        thread.execute(() -> {
            try {
                event.run();
            } catch (RuntimeException e) {
                // The target's fault, not the next event's: keep the thread serving.
                Logger.error(e, "The live feed failed on an event");
            }
        });
    }

    private void drop() {
        dropped.increment();
        long now = System.nanoTime();
        long last = lastDropLogNanos;
        if (now - last >= DROP_LOG_EVERY.toNanos() && !thread.isShutdown()) {
            lastDropLogNanos = now;
            Logger.warn("The live hand-off is full: listeners miss updates ({} dropped in all)", dropped.sum());
        }
    }

    /** Hands over what is queued, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
