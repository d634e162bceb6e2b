package com.bikefleet.server.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/** Runs {@link Retention} in the background at a fixed delay, on one daemon thread. */
public final class RetentionSchedule implements AutoCloseable {

    private final Retention retention;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionSchedule(Retention retention, Duration firstRun, Duration every) {
        this.retention = retention;
        executor.scheduleWithFixedDelay(this::runGuarded, firstRun.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One run that never throws: an exception escaping a scheduled task cancels every later run without a
     * word, so everything is caught, logged, and the next run tries again.
     */
    void runGuarded() {
        try {
            Retention.Result result = retention.runOnce();
            if (result.fixesDeleted() > 0 || result.readingsDeleted() > 0) {
                Logger.info("Retention: deleted {} fixes and {} telemetry readings older than {}",
                        result.fixesDeleted(), result.readingsDeleted(), result.cutoff());
            }
        } catch (Throwable e) {
            Logger.error(e, "Retention run failed; trying again at the next run");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
