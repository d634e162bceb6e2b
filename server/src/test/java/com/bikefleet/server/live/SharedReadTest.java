package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedReadTest {

    @Test
    void aCallAfterAReadGetsANewRead() {
        AtomicInteger reads = new AtomicInteger();
        SharedRead<Integer> shared = new SharedRead<>(reads::incrementAndGet);

        assertEquals(1, shared.get());
        assertEquals(2, shared.get());
    }

    @Test
    void callersArrivingDuringAReadShareTheNextOneAndNeverGetTheOlderResult() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        SharedRead<Integer> shared = new SharedRead<>(() -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return n;
        });
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            Future<Integer> first = threads.submit(shared::get);
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                later.add(threads.submit(shared::get));
            }
            Thread.sleep(100); // let them all wait on the running read
            releaseFirst.countDown();

            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            for (Future<Integer> result : later) {
                assertEquals(2, result.get(10, TimeUnit.SECONDS), "a read that started after the call");
            }
            assertEquals(2, reads.get(), "the five callers shared one read");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextCallReadsAgain() {
        AtomicInteger reads = new AtomicInteger();
        SharedRead<Integer> shared = new SharedRead<>(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("disk gone");
            }
            return reads.get();
        });

        assertThrows(IllegalStateException.class, shared::get);
        assertEquals(2, shared.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
