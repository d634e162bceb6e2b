package com.bikefleet.hardware.gps;

import static org.junit.jupiter.api.Assertions.fail;

import com.bikefleet.model.Fix;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every callback of a source, in order, for tests that wait on events with a bounded timeout. */
public final class RecordingListener implements GpsListener {

    /** A status callback. */
    public record Status(GpsStatus status, String detail) {
    }

    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onFix(Fix fix) {
        events.add(fix);
    }

    @Override
    public void onStatus(GpsStatus status, String detail) {
        events.add(new Status(status, detail));
    }

    /** The next fix, skipping status events; fails after {@code timeout}. */
    public Fix nextFix(Duration timeout) {
        return next(Fix.class, e -> true, timeout, "a fix");
    }

    /** Waits for {@code status}, skipping everything before it; fails after {@code timeout}. */
    public Status awaitStatus(GpsStatus status, Duration timeout) {
        return next(Status.class, s -> s.status() == status, timeout, "status " + status);
    }

    private <T> T next(Class<T> type, java.util.function.Predicate<T> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Object e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    fail("no " + what + " within " + timeout);
                }
                if (type.isInstance(e) && wanted.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
