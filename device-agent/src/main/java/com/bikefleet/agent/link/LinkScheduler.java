package com.bikefleet.agent.link;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the link's work runs and what time it is. On a bike: the agent's single worker thread and
 * {@link System#nanoTime}; in tests: virtual time that a test moves forward, so backoff, ping deadlines
 * and resends are checked without waiting for them.
 *
 * <p>Every task runs on one thread, one at a time, in the order it falls due; the link relies on that.
 */
public interface LinkScheduler {

    /** A monotonic clock in nanoseconds, for deadlines; only differences mean anything. */
    long nanoTime();

    /** Runs the task as soon as the thread is free. */
    void execute(Runnable task);

    /** Runs the task once after {@code delay}. */
    Task schedule(Duration delay, Runnable task);

    /** Runs the task every {@code period}, the first time one period from now, until cancelled. */
    Task repeat(Duration period, Runnable task);

    /** A scheduled task that may be called off. */
    interface Task {
        /** Calls the task off; a run already under way finishes. */
        void cancel();
    }

    /** The given single-thread scheduler (the agent's worker) with the system's monotonic clock. */
    static LinkScheduler on(ScheduledExecutorService worker) {
        return new LinkScheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void execute(Runnable task) {
                worker.execute(task);
            }

            @Override
            public Task schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = worker.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public Task repeat(Duration period, Runnable task) {
                long nanos = period.toNanos();
                ScheduledFuture<?> future = worker.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
