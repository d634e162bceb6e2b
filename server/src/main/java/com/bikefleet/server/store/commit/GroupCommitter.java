package com.bikefleet.server.store.commit;

import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.StoreBusyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.tinylog.Logger;

/**
 * Gathers items from many callers and writes them in as few transactions as possible: one thread takes
 * whatever is queued (up to a limit), writes it in one go, and only then completes each caller's future.
 * Under light load a transaction holds one item; under heavy load, many, so the cost of a commit's fsync
 * is shared.
 *
 * <p>Two lanes: urgent items (a bike's live fixes) and bulk items (a backlog being drained). Every group
 * takes all waiting urgent items first and then bulk items up to a total size (rows, not items: a backlog
 * batch may hold one fix or five hundred), so a live fix waits for at most one short commit, never behind
 * a queue of backlog batches, while many small backlog batches still share a commit; each lane has its own
 * bound, so a full bulk lane does not hold up an urgent caller. Items of one lane are written in the order
 * they came.
 *
 * <p>Knows nothing of SQL: the {@link Writer} does the writing. The lanes are bounded; a write offered to a
 * full lane fails at once with {@link StoreBusyException} rather than making its caller wait, because the
 * callers are the server's few shared network threads, and one blocked on a full lane stalls every
 * connection's handshakes, pings and frames, not only the busy ones.
 *
 * <p>Callers' futures complete on a thread of its own ({@code <name>-acks}), not on the committer: what
 * follows a commit (acks, live fan-out) then runs beside the next group's write instead of delaying it. At
 * most {@link #MAX_GROUPS_AWAITING_COMPLETION} committed groups wait for that thread; beyond that the
 * committer waits, so the two cannot drift apart without bound.
 *
 * <p>One caller's bad item must not fail the others: when a group of several fails, its items are written
 * again one by one, each in a transaction of its own, so only the ones that fail alone are refused. A store
 * that is down fails them all, so this stops after {@link #MAX_FAILURES_ALONE} failures, and while it has
 * found nothing that commits it does not try again until some write has committed: a dead disk costs one
 * attempt per group, as without isolation, and not one per item.
 *
 * @param <T> what is written
 */
public final class GroupCommitter<T> implements AutoCloseable {

    /**
     * Writes a group of items atomically; throws if none of them was written. Called again with single items
     * of a group that failed, so a failed call must leave nothing behind (a rolled-back transaction).
     */
    @FunctionalInterface
    public interface Writer<T> {
        void write(List<T> items) throws Exception;
    }

    /** Committed groups whose callers have not been told yet, at most. */
    static final int MAX_GROUPS_AWAITING_COMPLETION = 4;

    /**
     * Items of a failed group that may fail again when written alone before the rest of the group is given
     * up (and failed with the group's error). One bad item is the case this is for; a second failure in the
     * same group more likely means the store itself is failing.
     */
    static final int MAX_FAILURES_ALONE = 2;

    /**
     * Rows (fixes) the bulk lane holds at most, besides its count of items: backlog batches hold up to 500
     * fixes each, so 10,000 of them (store.queue-capacity) held 5 million decoded fixes, 1.5 GB of heap, in a
     * reconnect storm of a ten-times fleet; the server spent its time collecting garbage. About a second of
     * backfill at the store's rate, some 70 MB.
     */
    static final int MAX_BULK_ROWS = 200_000;

    /** While every group is full, {@code between} runs once per this many groups, so it is never starved. */
    static final int FULL_GROUPS_PER_BETWEEN = 8;

    /** How often {@code between} runs while no item comes. */
    static final long IDLE_WAKE_MILLIS = 100;

    /** A commit this slow holds every bike's acks for as long, which an operator should hear of. */
    private static final long SLOW_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending<T>(T item, CompletableFuture<Void> done, long queuedAt) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<Pending<T>> urgent = new ArrayDeque<>();
    // Guarded by lock.
    private final ArrayDeque<Pending<T>> bulk = new ArrayDeque<>();
    // Guarded by lock: the rows of what the bulk lane holds.
    private long bulkRows;
    private final int capacity;
    private final int maxGroup;
    private final int maxBulkSizePerGroup;
    private final Predicate<T> isUrgent;
    private final ToIntFunction<T> bulkSize;
    private final Writer<T> writer;
    // Told the size and duration of each committed group, on the committer thread: for metrics.
    private final CommitObserver committedGroups;
    private final Runnable between;
    // The only thread that calls the writer, so the writer may own a connection without locking.
    private final Thread thread;
    // Completes callers' futures in commit order; the committer hands it each group after its commit.
    private final ExecutorService completer;
    private final Semaphore completionSlots = new Semaphore(MAX_GROUPS_AWAITING_COMPLETION);
    private volatile boolean running = true;
    // Committer time per committed item, smoothed over recent groups (nanoseconds): what the store can take.
    private volatile double nanosPerItem;
    // Committer thread only: groups of maxGroup items in a row since between last ran.
    private int fullGroupsInARow;
    // Committer thread only: the last failed group's items also failed alone, none committed since.
    private boolean storeFailing;

    /** One lane: every item is urgent. */
    public GroupCommitter(String name, int queueCapacity, int maxGroup, Writer<T> writer) {
        this(name, queueCapacity, maxGroup, item -> true, item -> 1, maxGroup, writer, CommitObserver.NONE);
    }

    /**
     * @param queueCapacity   items each lane holds at most; a caller waits while its lane is full
     * @param maxGroup            items in one transaction at most
     * @param isUrgent            which items go in the urgent lane; must not block
     * @param bulkSize            what a bulk item counts against {@code maxBulkSizePerGroup} (its rows)
     * @param maxBulkSizePerGroup bulk size in one transaction at most, though always at least one bulk item:
     *                            bounds how long an urgent item waits
     * @param committedGroups     learns each committed group's size and write time and must not block
     */
    public GroupCommitter(String name, int queueCapacity, int maxGroup, Predicate<T> isUrgent,
                          ToIntFunction<T> bulkSize, int maxBulkSizePerGroup, Writer<T> writer,
                          CommitObserver committedGroups) {
        this(name, queueCapacity, maxGroup, isUrgent, bulkSize, maxBulkSizePerGroup, writer, committedGroups, () -> {
        });
    }

    /**
     * As above, with {@code between}: work of the writer's own that must not run beside a group (it shares the
     * writer's connection), run on the committer thread after each group that did not take all it could, once
     * per {@link #FULL_GROUPS_PER_BETWEEN} groups that did, and every {@link #IDLE_WAKE_MILLIS} ms while no
     * item comes. It should take a few milliseconds: items wait for it.
     */
    public GroupCommitter(String name, int queueCapacity, int maxGroup, Predicate<T> isUrgent,
                          ToIntFunction<T> bulkSize, int maxBulkSizePerGroup, Writer<T> writer,
                          CommitObserver committedGroups, Runnable between) {
        if (queueCapacity < 1 || maxGroup < 1 || maxBulkSizePerGroup < 1) {
            throw new IllegalArgumentException("capacity, group and bulk share must be at least 1");
        }
        this.capacity = queueCapacity;
        this.maxGroup = maxGroup;
        this.maxBulkSizePerGroup = maxBulkSizePerGroup;
        this.isUrgent = isUrgent;
        this.bulkSize = bulkSize;
        this.writer = writer;
        this.committedGroups = committedGroups;
        this.between = between;
        this.completer = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name + "-acks"));
        this.thread = new Thread(this::run, name);
        this.thread.start();
    }

    /**
     * Queues an item; the future completes after its commit, or fails at once with
     * {@link StoreBusyException} when the item's lane is full (nothing of it is written then).
     */
    public CompletableFuture<Void> submit(T item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean toUrgent = isUrgent.test(item);
        ArrayDeque<Pending<T>> lane = toUrgent ? urgent : bulk;
        lock.lock();
        try {
            if (!running) {
                done.completeExceptionally(new IllegalStateException("store is closed"));
            } else if (lane.size() >= capacity) {
                done.completeExceptionally(new StoreBusyException("the store's " + (toUrgent ? "live" : "backlog")
                        + " queue is full (" + capacity + " writes, store.queue-capacity)"));
            } else if (!toUrgent && !bulk.isEmpty() && bulkRows + rows(item) > MAX_BULK_ROWS) {
                done.completeExceptionally(new StoreBusyException("the store's backlog queue is full ("
                        + MAX_BULK_ROWS + " fixes)"));
            } else {
                lane.addLast(new Pending<>(item, done, System.nanoTime()));
                if (!toUrgent) {
                    bulkRows += rows(item);
                }
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    private int rows(T item) {
        return Math.max(1, bulkSize.applyAsInt(item));
    }

    /** Items waiting to be written (both lanes), for metrics. */
    public int queued() {
        lock.lock();
        try {
            return urgent.size() + bulk.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How far the urgent lane is behind, in nanoseconds: the longer of how long its oldest waiting item has
     * waited and how long the committer would take to write what waits there at its measured time per item.
     * Stays at about one commit while the store keeps up, however many items wait; grows only when items
     * come faster than the store writes them, or while a commit is stuck. For admission (docs/performance-log.md,
     * "Store at ten times the seed rate").
     */
    public long urgentLagNanos() {
        int waiting;
        long oldestAge;
        lock.lock();
        try {
            Pending<T> oldest = urgent.peekFirst();
            if (oldest == null) {
                return 0;
            }
            waiting = urgent.size();
            oldestAge = System.nanoTime() - oldest.queuedAt();
        } finally {
            lock.unlock();
        }
        return Math.max(oldestAge, (long) (waiting * nanosPerItem));
    }

    private void run() {
        List<T> items = new ArrayList<>(maxGroup);
        while (true) {
            // A new list per group: the completer may still be reading the previous one.
            List<Pending<T>> group = new ArrayList<>(Math.min(maxGroup, 64));
            try {
                if (!take(group)) {
                    return;
                }
                for (Pending<T> pending : group) {
                    items.add(pending.item());
                }
                if (!group.isEmpty()) {
                    writeGroup(group, items);
                }
                // Work between groups waits while items keep filling whole groups: run after each of them, it
                // held one full group in two back and capped what the committer took below what came in.
                if (group.size() < maxGroup || ++fullGroupsInARow >= FULL_GROUPS_PER_BETWEEN) {
                    fullGroupsInARow = 0;
                    runBetween();
                }
            } catch (InterruptedException e) {
                // close() interrupts only to wake us; the loop drains what is left.
            } finally {
                items.clear();
            }
        }
    }

    /**
     * Fills {@code group}: urgent items first, then bulk ones up to their share; leaves it empty when none came
     * within {@link #IDLE_WAKE_MILLIS}; false once closed and empty.
     */
    private boolean take(List<Pending<T>> group) throws InterruptedException {
        lock.lock();
        try {
            if (urgent.isEmpty() && bulk.isEmpty()) {
                if (!running) {
                    return false;
                }
                notEmpty.await(IDLE_WAKE_MILLIS, TimeUnit.MILLISECONDS);
            }
            while (!urgent.isEmpty() && group.size() < maxGroup) {
                group.add(urgent.pollFirst());
            }
            int bulkTaken = 0;
            while (!bulk.isEmpty() && group.size() < maxGroup) {
                int size = rows(bulk.peekFirst().item());
                if (bulkTaken > 0 && bulkTaken + size > maxBulkSizePerGroup) {
                    break;
                }
                bulkTaken += size;
                bulkRows -= size;
                group.add(bulk.pollFirst());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void runBetween() {
        try {
            between.run();
        } catch (RuntimeException e) {
            Logger.error(e, "The store's work between commits failed");
        }
    }

    private void writeGroup(List<Pending<T>> group, List<T> items) {
        Exception failure = attempt(items);
        if (failure == null) {
            storeFailing = false;
            handOver(group, null);
        } else if (group.size() == 1 || storeFailing) {
            // Never ack what was not written: every caller in the group learns of the failure.
            Logger.error(failure, "Writing a group of {} failed; none of it is acknowledged", group.size());
            handOver(group, everyOne(group.size(), failure));
        } else {
            Logger.error(failure, "Writing a group of {} failed; writing each of its writes alone", group.size());
            handOver(group, writeEachAlone(group, failure));
        }
    }

    /**
     * Writes a failed group's items one by one: those that commit alone are acknowledged as usual, those
     * that fail are refused. Stops after {@link #MAX_FAILURES_ALONE} failures: the rest fail with the group.
     *
     * @return each item's failure, null for the committed ones, in the group's order
     */
    private Exception[] writeEachAlone(List<Pending<T>> group, Exception groupFailure) {
        Exception[] outcomes = new Exception[group.size()];
        int failures = 0;
        boolean anyCommitted = false;
        for (int i = 0; i < group.size(); i++) {
            if (failures >= MAX_FAILURES_ALONE) {
                outcomes[i] = groupFailure;
                continue;
            }
            Exception failure = attempt(List.of(group.get(i).item()));
            if (failure == null) {
                anyCommitted = true;
            } else {
                failures++;
                outcomes[i] = failure;
                Logger.error(failure, "A write of the failed group failed alone too; its caller is refused");
            }
        }
        if (!anyCommitted) {
            Logger.error("No write of the failed group of {} committed alone: the store is failing; groups are not"
                    + " retried write by write again until a write commits", group.size());
        }
        storeFailing = !anyCommitted;
        return outcomes;
    }

    /** One transaction: null once it committed, else why not. */
    private Exception attempt(List<T> items) {
        long started = System.nanoTime();
        try {
            writer.write(items);
        } catch (Exception e) {
            return e;
        }
        long took = System.nanoTime() - started;
        committedGroups.committed(items.size(), took);
        // Per row, not per item: a backlog batch of 500 fixes must not make a one-fix live write look costly.
        long rows = 0;
        for (T item : items) {
            rows += isUrgent.test(item) ? 1 : Math.max(1, bulkSize.applyAsInt(item));
        }
        double perItem = (double) took / rows;
        // Smoothed so one slow fsync does not swing it, yet a store that slows down shows within tens of commits.
        nanosPerItem = nanosPerItem == 0 ? perItem : nanosPerItem + (perItem - nanosPerItem) / 16;
        if (took >= SLOW_COMMIT_NANOS) {
            Logger.warn("A commit of {} writes took {} ms: the disk or the database is stalling", items.size(),
                    took / 1_000_000);
        }
        return null;
    }

    /**
     * Tells the group's callers on the completer thread.
     *
     * @param failures null when the whole group committed, else each item's failure (null: committed)
     */
    private void handOver(List<Pending<T>> group, Exception[] failures) {
        // Uninterruptibly: close() interrupts to wake the committer, and a committed group must still be acked.
        completionSlots.acquireUninterruptibly();
        try {
            completer.execute(() -> {
                try {
                    complete(group, failures);
                } finally {
                    completionSlots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            completionSlots.release();
            complete(group, failures);
        }
    }

    private static Exception[] everyOne(int size, Exception failure) {
        Exception[] failures = new Exception[size];
        Arrays.fill(failures, failure);
        return failures;
    }

    /** @param failures null when all committed, else each item's failure (null: committed) */
    private static <T> void complete(List<Pending<T>> group, Exception[] failures) {
        for (int i = 0; i < group.size(); i++) {
            Pending<T> pending = group.get(i);
            Exception failure = failures == null ? null : failures[i];
            try {
                if (failure == null) {
                    pending.done().complete(null);
                } else {
                    pending.done().completeExceptionally(failure);
                }
            } catch (RuntimeException e) {
                // A caller's callback failing must not keep the rest of the group from being told.
                Logger.error(e, "A commit callback failed");
            }
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            completer.shutdown();
            completer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
