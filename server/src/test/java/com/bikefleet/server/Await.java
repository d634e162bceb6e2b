package com.bikefleet.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something that happens on another thread: polls, and fails with what it waited for. */
public final class Await {

    private static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    /** Polls every 20 ms for up to ten seconds. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
