package com.bikefleet.server.live;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/** Owns the one thread that flushes every listener's queue once per batch interval. */
final class LiveDispatcher implements AutoCloseable {

    private final LiveHub hub;
    private final Clock clock;
    private final LiveJson json = new LiveJson();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "live-fanout");
        t.setDaemon(true);
        return t;
    });

    LiveDispatcher(LiveHub hub, Clock clock) {
        this.hub = hub;
        this.clock = clock;
    }

    void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = clock.millis();
        SharedFrames frames = new SharedFrames(json);
        for (LiveListener listener : hub.listeners()) {
            try {
                listener.flush(now, frames);
                if (listener.isClosed()) {
                    hub.remove(listener);
                }
            } catch (RuntimeException e) {
                // One broken listener must not stop the others' updates (a thrown exception ends the schedule).
                Logger.warn(e, "Flushing a live listener failed");
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
