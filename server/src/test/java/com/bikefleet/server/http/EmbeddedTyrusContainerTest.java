package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tyrus cancels and reschedules a session's idle timeout on every message it reads, on the container's
 * scheduled executor: a cancelled timer must leave that executor's queue at once, not when its delay runs out.
 */
class EmbeddedTyrusContainerTest {

    @Test
    void aCancelledSessionTimerLeavesTheQueueAtOnce() {
        EmbeddedTyrusContainer container = new EmbeddedTyrusContainer(64 * 1024);
        try {
            ScheduledThreadPoolExecutor timers =
                    assertInstanceOf(ScheduledThreadPoolExecutor.class, container.getScheduledExecutorService());
            for (int message = 0; message < 1_000; message++) {
                ScheduledFuture<?> idleTimeout = timers.schedule(() -> { }, 10, TimeUnit.MINUTES);
                idleTimeout.cancel(false);
            }
            assertEquals(0, timers.getQueue().size(), "cancelled timers still queued");
        } finally {
            container.stop();
        }
    }
}
