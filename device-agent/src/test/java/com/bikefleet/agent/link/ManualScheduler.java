package com.bikefleet.agent.link;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Virtual time for the link: tasks run only when the test moves the clock ({@link #advance}), on the test's
 * thread, in the order they fall due (ties in the order they were scheduled), with the clock set to each
 * task's time while it runs. A test thus plays hours of backoff and pings in microseconds, the same way on
 * every run.
 */
final class ManualScheduler implements LinkScheduler {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            Comparator.comparingLong((Entry e) -> e.due).thenComparingLong(e -> e.order));
    private long now = Duration.ofDays(1).toNanos(); // any start will do; not zero, as a real nanoTime is not
    private long scheduled;

    private final class Entry implements Task {
        long due;
        long order;
        final long period;
        final Runnable task;
        boolean cancelled;

        Entry(long due, long period, Runnable task) {
            this.due = due;
            this.order = scheduled++;
            this.period = period;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(now + delay.toNanos(), 0, task);
        queue.add(entry);
        return entry;
    }

    @Override
    public Task repeat(Duration period, Runnable task) {
        Entry entry = new Entry(now + period.toNanos(), period.toNanos(), task);
        queue.add(entry);
        return entry;
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way. */
    void advance(Duration by) {
        long end = now + by.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= end) {
            Entry entry = queue.poll();
            if (entry.cancelled) {
                continue;
            }
            now = entry.due;
            if (entry.period > 0) {
                entry.due += entry.period;
                entry.order = scheduled++;
                queue.add(entry);
            }
            entry.task.run();
        }
        now = end;
    }

    /** Runs what is due now, without moving the clock. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Tasks scheduled and not cancelled. */
    long pending() {
        return queue.stream().filter(e -> !e.cancelled).count();
    }
}
