package com.bikefleet.server.live;

import java.util.function.Supplier;

/**
 * Lets many callers share one read of something expensive without ever getting a result older than
 * their call: a caller gets the result of a read that started after it asked. Callers that arrive while
 * a read runs wait for the next one, which then serves all of them, so a thousand listeners subscribing
 * at once (after a restart) cost a few reads of every bike, not a thousand.
 *
 * <p>"Started after the call" is what keeps a snapshot complete: a listener is indexed before it asks,
 * so any fix committed before the read began is in the snapshot, and any fix after reaches its queue.
 *
 * <p>Threads: any; the read runs on the thread of the caller that started it, outside the lock.
 */
final class SharedRead<T> {

    private final Supplier<T> read;
    private final Object lock = new Object();
    // Guarded by lock.
    private long started;
    private long finished;
    private boolean reading;
    private T latest;
    private RuntimeException latestFailure;

    SharedRead(Supplier<T> read) {
        this.read = read;
    }

    /** The result of a read that started after this call; rethrows that read's failure. */
    T get() {
        long needed;
        synchronized (lock) {
            needed = started + 1;
            while (finished < needed) {
                if (!reading) {
                    reading = true;
                    started++;
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a shared read", e);
                }
            }
            if (finished >= needed) {
                return resultLocked();
            }
        }
        T result = null;
        RuntimeException failure = null;
        try {
            result = read.get();
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (lock) {
            finished = needed;
            reading = false;
            latest = result;
            latestFailure = failure;
            lock.notifyAll();
            return resultLocked();
        }
    }

    private T resultLocked() {
        if (latestFailure != null) {
            throw latestFailure;
        }
        return latest;
    }

    /** Reads run so far, for tests. */
    long reads() {
        synchronized (lock) {
            return finished;
        }
    }
}
