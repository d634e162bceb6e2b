package com.bikefleet.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tinylog.Logger;

/**
 * One thread of the lean mode: a selector for its share of the connections and a queue of timed tasks (a
 * bike's next fix, a reconnect). Everything of its connections runs here, so they need no locks; other
 * threads hand work in through {@link #execute}.
 */
final class LeanLoop implements Runnable {

    /** Something to run on the loop at a time ({@link #now()} milliseconds); one queue entry at most. */
    abstract static class Task {
        long due;
        boolean queued;

        abstract void run(long now);
    }

    /** Where frames are built before they are written: a fix frame costs no allocation. */
    final ByteBuffer out = ByteBuffer.allocate(256 * 1024);
    final WsWire.Clock isoClock = new WsWire.Clock();
    final Selector selector;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    LeanLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Monotonic milliseconds, the time base of tasks. */
    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Runs {@code work} on this loop's thread. */
    void execute(Runnable work) {
        inbox.add(work);
        selector.wakeup();
    }

    /** Schedules {@code task} at {@code due}; on this loop's thread only. A queued task is moved. */
    void schedule(Task task, long due) {
        if (task.queued) {
            tasks.remove(task);
        }
        task.due = due;
        task.queued = true;
        tasks.add(task);
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Runnable work;
                while ((work = inbox.poll()) != null) {
                    work.run();
                }
                long now = now();
                Task next;
                while ((next = tasks.peek()) != null && next.due <= now) {
                    tasks.poll();
                    next.queued = false;
                    next.run(now);
                }
                long wait = next == null ? 1_000 : Math.max(1, next.due - now());
                selector.select(this::ready, Math.min(wait, 1_000));
            } catch (IOException | RuntimeException e) {
                Logger.error(e, "Lean loop {} failed a step", thread.getName());
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((LeanConnection) key.attachment()).closeQuietly();
        }
        try {
            selector.close();
        } catch (IOException e) {
            Logger.debug("Closing a selector failed: {}", e.toString());
        }
    }

    private void ready(SelectionKey key) {
        ((LeanConnection) key.attachment()).ready(key);
    }
}
