package com.bikefleet.hardware;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/**
 * Waits for something that happens on another thread or process: polls, and fails with what it waited for.
 * The hardware tests' own, as the server's tests have theirs: test code is not shared between modules.
 */
public final class Await {

    /** What is waited for; may throw to give up early, as when the process that should make it has died. */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {
    }

    /** Polls every 10 ms until {@code condition} is met or {@code timeout} has passed. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
