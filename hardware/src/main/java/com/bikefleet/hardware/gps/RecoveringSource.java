package com.bikefleet.hardware.gps;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.model.Fix;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The part every receiver source shares: a thread that opens a {@link GpsConnection}, polls it, reports
 * status changes, and when the connection fails or falls silent closes it and opens a new one after a
 * capped, jittered backoff. A failure is logged once per outage (at WARN, without a stack trace; the
 * details go to DEBUG) and the recovery once; the thread never dies of a receiver fault.
 *
 * <p>Status: NO_DATA while nothing sensible arrives, NO_FIX while the receiver talks but has had no fix
 * for {@code silenceTimeout}, FIX while fixes arrive.
 */
public final class RecoveringSource implements GpsSource {

    /** Opens a connection; may fail with any exception, or a LinkageError for a missing native library. */
    @FunctionalInterface
    public interface Connector {
        GpsConnection open() throws Exception;
    }

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final String description;
    private final String threadName;
    private final Connector connector;
    private final long silenceNanos;
    private final Backoff backoff;
    private final CountDownLatch closing = new CountDownLatch(1);

    // Guarded by this: written by start/close and the source's thread, read by close to unblock a read.
    private Thread thread;
    private GpsConnection connection;

    // Only accessed by the source's thread.
    private boolean failing;

    public RecoveringSource(String description, String threadName, Connector connector, Duration silenceTimeout,
            Backoff backoff) {
        this.description = description;
        this.threadName = threadName;
        this.connector = connector;
        this.silenceNanos = silenceTimeout.toNanos();
        this.backoff = backoff;
    }

    @Override
    public synchronized void start(GpsListener listener) {
        if (thread != null) {
            throw new IllegalStateException("already started: " + description);
        }
        StatusReporter reporter = new StatusReporter(listener);
        thread = new Thread(() -> run(reporter), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        Thread running;
        GpsConnection open;
        synchronized (this) {
            closing.countDown();
            running = thread;
            open = connection;
        }
        closeQuietly(open); // unblocks a read in progress
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    private void run(StatusReporter reporter) {
        while (!isClosing()) {
            GpsConnection c;
            try {
                c = connector.open();
            } catch (Exception | LinkageError e) {
                fail(reporter, reason(e), e);
                pause();
                continue;
            }
            synchronized (this) {
                connection = c;
            }
            try {
                if (pump(c, reporter)) {
                    Logger.info("GPS {}: input ended", description);
                    reporter.status(GpsStatus.NO_DATA, "input ended");
                    return;
                }
            } catch (Exception e) {
                if (!isClosing()) {
                    fail(reporter, reason(e), e);
                }
            } finally {
                synchronized (this) {
                    connection = null;
                }
                closeQuietly(c);
            }
            pause();
        }
    }

    /** Polls until the input ends (true), or falls silent or is closed (false); throws when it breaks. */
    private boolean pump(GpsConnection c, StatusReporter reporter) throws Exception {
        long[] lastHeard = {System.nanoTime()};
        long[] lastFix = {lastHeard[0]};
        boolean[] heardAny = {false};
        GpsConnection.Events events = new GpsConnection.Events() {
            @Override
            public void heard() {
                lastHeard[0] = System.nanoTime();
                if (!heardAny[0]) {
                    heardAny[0] = true;
                    recovered();
                }
            }

            @Override
            public void fix(Fix fix) {
                lastFix[0] = System.nanoTime();
                lastHeard[0] = lastFix[0]; // a replay may wait long between fixes without reading
                reporter.fix(fix);
            }
        };
        while (!isClosing()) {
            if (!c.poll(events)) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastHeard[0] > silenceNanos) {
                fail(reporter, "no data for " + Duration.ofNanos(silenceNanos).toMillis() + " ms", null);
                return false;
            }
            if (heardAny[0] && now - lastFix[0] > silenceNanos) {
                reporter.status(GpsStatus.NO_FIX, "receiver talks but has no fix");
            }
        }
        return false;
    }

    private void fail(StatusReporter reporter, String reason, Throwable cause) {
        if (!failing) {
            failing = true;
            Logger.warn("GPS {}: {}; retrying with backoff (logged once until it recovers)", description, reason);
        }
        if (cause != null) {
            Logger.debug(cause, "GPS {} failure", description);
        }
        reporter.status(GpsStatus.NO_DATA, reason);
    }

    private void recovered() {
        backoff.reset();
        if (failing) {
            failing = false;
            Logger.info("GPS {}: receiving again", description);
        }
    }

    private void pause() {
        try {
            closing.await(backoff.nextDelay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            closing.countDown(); // interrupted only by close()
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(GpsConnection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            Logger.debug(e, "closing a GPS connection failed");
        }
    }
}
