package com.bikefleet.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.tinylog.Logger;

/**
 * Gathers items from many callers and writes them in as few transactions as possible: one thread takes
 * whatever is queued (up to a limit), writes it in one go, and only then completes each caller's future.
 * Under light load a transaction holds one item; under heavy load, many, so the cost of a commit's fsync
 * is shared.
 *
 * <p>Knows nothing of SQL: the {@link Writer} does the writing. The queue is bounded, so a store that
 * cannot keep up slows its callers down instead of growing without limit.
 *
 * @param <T> what is written
 */
public final class GroupCommitter<T> implements AutoCloseable {

    /** Writes a group of items atomically; throws if none of them was written. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(List<T> items) throws Exception;
    }

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending<T>> queue;
    private final int maxGroup;
    private final Writer<T> writer;
    // Told the size of each committed group, on the committer thread: for metrics.
    private final IntConsumer committedGroups;
    // The only thread that calls the writer, so the writer may own a connection without locking.
    private final Thread thread;
    private volatile boolean running = true;

    public GroupCommitter(String name, int queueCapacity, int maxGroup, Writer<T> writer) {
        this(name, queueCapacity, maxGroup, writer, size -> { });
    }

    /** As above; {@code committedGroups} learns each committed group's size and must not block. */
    public GroupCommitter(String name, int queueCapacity, int maxGroup, Writer<T> writer,
                          IntConsumer committedGroups) {
        this.committedGroups = committedGroups;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxGroup = maxGroup;
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        this.thread.start();
    }

    /** Queues an item, waiting while the queue is full; the future completes after its commit. */
    public CompletableFuture<Void> submit(T item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("store is closed"));
            return done;
        }
        try {
            queue.put(new Pending<>(item, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Items waiting to be written, for metrics. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<T>> group = new ArrayList<>(maxGroup);
        List<T> items = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                for (Pending<T> pending : group) {
                    items.add(pending.item());
                }
                writeGroup(group, items);
            } catch (InterruptedException e) {
                // close() interrupts only to wake us; the loop drains what is left.
            } finally {
                group.clear();
                items.clear();
            }
        }
    }

    private void writeGroup(List<Pending<T>> group, List<T> items) {
        try {
            writer.write(items);
        } catch (Exception e) {
            // Never ack what was not written: every caller in the group learns of the failure.
            Logger.error(e, "Writing a group of {} failed; none of it is acknowledged", group.size());
            for (Pending<T> pending : group) {
                pending.done().completeExceptionally(e);
            }
            return;
        }
        committedGroups.accept(group.size());
        for (Pending<T> pending : group) {
            pending.done().complete(null);
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
