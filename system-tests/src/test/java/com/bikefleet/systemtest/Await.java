package com.bikefleet.systemtest;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; the deadline bounds a test, it asserts nothing. */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        until(what, timeout, condition, Duration.ofMillis(100));
    }

    static void until(String what, Duration timeout, Callable<Boolean> condition, Duration every) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(every.toMillis());
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }
}
