package com.bikefleet.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for something that happens on another thread: polls, and fails with what it waited for. */
public final class Await {

    private static final Duration DEFAULT = Duration.ofSeconds(10);

    /** What is waited for; may throw, as a look at the server over HTTP does. */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {
    }

    /** Polls every 20 ms for up to ten seconds. */
    public static void until(String what, Condition condition) throws Exception {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        until(what, timeout, Duration.ofMillis(20), condition);
    }

    /** Polls every {@code pollEvery}: short for a wait that a test repeats thousands of times. */
    public static void until(String what, Duration timeout, Duration pollEvery, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(pollEvery.toNanos());
        }
    }
}
