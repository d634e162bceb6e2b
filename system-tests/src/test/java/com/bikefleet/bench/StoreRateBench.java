package com.bikefleet.bench;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.FixBatch;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.Storage;
import com.bikefleet.server.store.StoreSettings;
import com.bikefleet.server.store.backend.StorageBackends;
import com.bikefleet.server.store.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives the server's real store directly, without the network (a benchmark, not a test; bench/store-rate.sh):
 * BIKES bikes each write one live fix a second, spread evenly, so RATE one-fix writes a second reach the
 * committer, as from a fleet of connected bikes. First each bike gets PREFILL fixes (backlog batches), so
 * the tables have the size of a fleet that has run for a while. Prints, for the measured seconds: writes
 * offered and acknowledged, refusals (store busy), submit-to-ack latency, commits, writes per commit, time
 * per commit, the committer's busy fraction, and bytes the process wrote to disk per commit (/proc/self/io,
 * fsynced WAL frames and checkpoints alike). Then times track and gaps queries over the populated store.
 *
 * <p>Arguments: {@code DATA_DIR BIKES RATE PREFILL WARMUP_SECONDS MEASURE_SECONDS [POSTGRES_URL]}.
 */
public final class StoreRateBench {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static final class Commits {
        final LongAdder count = new LongAdder();
        final LongAdder writes = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final AtomicLong maxNanos = new AtomicLong();
        // Commit times of the measured phase (the committer thread adds, main reads after the run).
        final List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean measuring;

        void committed(int n, long took) {
            if (measuring) {
                times.add(took);
            }
            count.increment();
            writes.add(n);
            nanos.add(took);
            maxNanos.accumulateAndGet(took, Math::max);
        }

        long[] snapshot() {
            return new long[] {count.sum(), writes.sum(), nanos.sum()};
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int bikes = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int prefill = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int measure = Integer.parseInt(args[5]);
        String postgres = args.length > 6 ? args[6] : null;
        Files.createDirectories(dir);
        Storage storage = postgres == null ? SqliteStorage.open(dir) : StorageBackends.open(new StoreSettings(postgres,
                System.getProperty("bench.pgUser"), System.getProperty("bench.pgPassword"), 8), dir);
        Commits commits = new Commits();
        // The server's defaults: store.queue-capacity 10,000, store.max-commit-group 500.
        FixStore store = storage.openFixStore(10_000, 500, commits::committed);
        long[] seqs = new long[bikes];
        long started = System.nanoTime();
        prefill(store, bikes, prefill, seqs);
        System.out.printf("prefill: %d bikes x %d fixes in %.1f s%n", bikes, prefill,
                (System.nanoTime() - started) / 1e9);

        run(store, bikes, rate, warmup, seqs, null, commits);
        long[] before = commits.snapshot();
        commits.maxNanos.set(0);
        commits.measuring = true;
        long bytesBefore = writeBytes();
        long maintenanceBefore = store.maintenanceNanos();
        List<Long> latencies = new ArrayList<>();
        long[] outcome = run(store, bikes, rate, measure, seqs, latencies, commits);
        long[] after = commits.snapshot();
        commits.measuring = false;
        long[] commitTimes;
        synchronized (commits.times) {
            commitTimes = commits.times.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        long bytes = writeBytes() - bytesBefore;
        double maintenance = store.maintenanceNanos() - maintenanceBefore;
        long n = after[0] - before[0];
        long w = after[1] - before[1];
        double busyNanos = after[2] - before[2];
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("offered %d writes/s, acked %.0f writes/s, refused (busy) %d, failed %d%n",
                rate, outcome[0] / (double) measure, outcome[1], outcome[2]);
        System.out.printf("ack latency ms: p50 %.2f p99 %.2f max %.2f%n", pct(sorted, 50), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.printf("commits %d (%.0f/s), %.1f writes/commit, %.2f ms/commit (max %.1f), committer busy %.0f %%%n",
                n, n / (double) measure, w / (double) Math.max(1, n), busyNanos / Math.max(1, n) / 1e6,
                commits.maxNanos.get() / 1e6, 100 * busyNanos / (measure * 1e9));
        System.out.printf("committer's work between commits (merging live fixes into the history): %.0f %% busy%n",
                100 * maintenance / (measure * 1e9));
        System.out.printf("commit ms: p50 %.2f p99 %.2f p99.9 %.2f%n", pct(commitTimes, 50), pct(commitTimes, 99),
                commitTimes.length == 0 ? 0 : commitTimes[Math.min(commitTimes.length - 1,
                        (int) Math.ceil(0.999 * commitTimes.length) - 1)] / 1e6);
        System.out.printf("disk writes: %.1f MB/s, %.0f KiB/commit, %.1f KiB/write%n", bytes / 1e6 / measure,
                bytes / 1024.0 / Math.max(1, n), bytes / 1024.0 / Math.max(1, w));
        queries(store, bikes, seqs);
        store.close();
        storage.close();
    }

    /** Each bike's first fixes, in backlog batches of up to 500, as a fleet that has been running. */
    private static void prefill(FixStore store, int bikes, int perBike, long[] seqs) throws Exception {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int b = 0; b < bikes; b++) {
            for (int done = 0; done < perBike; ) {
                int size = Math.min(500, perBike - done);
                List<Position> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(position(b, ++seqs[b]));
                }
                done += size;
                pending.add(store.write(new FixBatch(bike(b), "o1", batch, false, Instant.now())));
            }
            // 1,000 batches of 120 fixes at a time: within the backlog lane's bound of fixes (200,000).
            if (pending.size() >= 1_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    }

    /**
     * Offers one-fix live writes at {@code rate} for {@code seconds}, bikes in turn; waits for the last acks.
     *
     * @return acked, refused as busy, failed otherwise
     */
    private static long[] run(FixStore store, int bikes, int rate, int seconds, long[] seqs, List<Long> latencies,
                              Commits commits) throws Exception {
        LongAdder acked = new LongAdder();
        LongAdder busy = new LongAdder();
        LongAdder failed = new LongAdder();
        long[] lat = new long[rate * seconds + 1];
        AtomicLong latCount = new AtomicLong();
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    TimeUnit.NANOSECONDS.sleep(wait - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            int b = (int) (i % bikes);
            long submitted = System.nanoTime();
            // Not a possible repeat: above every seq sent, as ingest marks a connected bike's new fixes.
            CompletableFuture<Void> done = store.write(new FixBatch(bike(b), "o1", List.of(position(b, ++seqs[b])),
                    true, Instant.now(), false));
            all.add(done.whenComplete((ok, failure) -> {
                if (failure == null) {
                    acked.increment();
                    long slot = latCount.getAndIncrement();
                    if (slot < lat.length) {
                        lat[(int) slot] = System.nanoTime() - submitted;
                    }
                } else if (String.valueOf(failure).contains("StoreBusy")) {
                    busy.increment();
                } else {
                    failed.increment();
                }
            }));
        }
        for (CompletableFuture<Void> f : all) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // counted above
            }
        }
        if (latencies != null) {
            int count = (int) Math.min(latCount.get(), lat.length);
            for (int i = 0; i < count; i++) {
                latencies.add(lat[i]);
            }
        }
        return new long[] {acked.sum(), busy.sum(), failed.sum()};
    }

    /** Times the read APIs over the populated store: a day's track page and the gap report, per bike. */
    private static void queries(FixStore store, int bikes, long[] seqs) {
        int samples = Math.min(bikes, 500);
        long[] track = new long[samples];
        long[] gaps = new long[samples];
        long[] highest = new long[samples];
        int rows = 0;
        for (int s = 0; s < samples; s++) {
            String bike = bike((int) ((long) s * bikes / samples));
            long t0 = System.nanoTime();
            rows += store.track(bike, BASE, BASE.plusSeconds(86_400 * 30L), 1000).size();
            long t1 = System.nanoTime();
            GapReport report = store.gaps(bike, 100);
            long t2 = System.nanoTime();
            store.highestSeqs(bike, "o1");
            long t3 = System.nanoTime();
            track[s] = t1 - t0;
            gaps[s] = t2 - t1;
            highest[s] = t3 - t2;
            if (report.outboxes().isEmpty()) {
                throw new IllegalStateException("no fixes for " + bike);
            }
        }
        Arrays.sort(track);
        Arrays.sort(gaps);
        Arrays.sort(highest);
        System.out.printf("queries over %d bikes (%.0f fixes each on average): track p50 %.2f p99 %.2f ms,"
                        + " gaps p50 %.2f p99 %.2f ms, highestSeqs p50 %.3f p99 %.3f ms%n", samples,
                rows / (double) samples, pct(track, 50), pct(track, 99), pct(gaps, 50), pct(gaps, 99),
                pct(highest, 50), pct(highest, 99));
    }

    private static String bike(int b) {
        return String.format("bike-%05d", b);
    }

    private static Position position(int bike, long seq) {
        Fix fix = new Fix(BASE.plusSeconds(seq), 52.0 + bike * 1e-4, 13.0 + seq * 1e-5, 4.2, 90.0, 35.0, 0.9, 9,
                FixType.THREE_D);
        return new Position(seq, fix);
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Bytes this process caused to be written to storage so far. */
    private static long writeBytes() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring(12).trim());
            }
        }
        return 0;
    }
}
