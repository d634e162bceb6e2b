package com.bikefleet.server.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers "can the store commit right now?" with a real write through the store's own writer, bounded by a
 * timeout. The submit runs on a thread of its own because a full store queue blocks it, and an HTTP thread
 * must not hang there; concurrent checks share the probe in flight, so a stuck store holds one probe, not
 * one per health request. A finished probe's answer stands for {@link #FRESH_FOR}: {@code /health} needs no
 * token, so however often it is asked, the store sees at most one test write per second.
 */
public final class StorageProbe implements AutoCloseable {

    /** The outcome: writable, or the reason why not. */
    public record Result(boolean writable, String problem) {
    }

    private final FixStore store;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService submitter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "storage-probe");
        thread.setDaemon(true);
        return thread;
    });
    /** How long a finished probe's answer is given again instead of writing anew. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private volatile long finishedAtMillis;

    public StorageProbe(FixStore store, Clock clock, Duration timeout) {
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    public Result check() {
        CompletableFuture<Void> probe = probe();
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(true, null);
        } catch (TimeoutException e) {
            return new Result(false, "a test write did not commit within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Result(false, "a test write failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private CompletableFuture<Void> probe() {
        while (true) {
            CompletableFuture<Void> current = inFlight.get();
            if (current != null && (!current.isDone()
                    || clock.millis() - finishedAtMillis < FRESH_FOR.toMillis())) {
                return current;
            }
            CompletableFuture<Void> next = new CompletableFuture<>();
            if (inFlight.compareAndSet(current, next)) {
                submitter.execute(() -> store.write(new HealthProbe(clock.instant())).whenComplete((ok, failure) -> {
                    finishedAtMillis = clock.millis();
                    if (failure == null) {
                        next.complete(null);
                    } else {
                        next.completeExceptionally(failure);
                    }
                }));
                return next;
            }
        }
    }

    @Override
    public void close() {
        submitter.shutdownNow();
    }
}
