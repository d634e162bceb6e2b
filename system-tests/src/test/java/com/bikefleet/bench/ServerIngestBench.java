package com.bikefleet.bench;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load client for bench/server-ingest.sh (a benchmark, not a test): N bikes connect to a running server
 * with the JDK's WebSocket client, and for each batch size each bike sends batches one after another,
 * each only after the previous one's ack. Measures report-to-ack latency (send to ack receipt) and the
 * fixes acknowledged, i.e. stored, per second over all bikes.
 *
 * <p>Arguments: {@code PORT TOKENS_FILE WARMUP_SECONDS MEASURE_SECONDS BATCH_SIZE...}; the tokens file has
 * one {@code bikeId token} line per bike.
 */
public final class ServerIngestBench {

    private static final long ACK_TIMEOUT_SECONDS = 60;

    /** One bike's connection; the JDK client's thread completes the pending ack. */
    private static final class Bike implements WebSocket.Listener {
        private final MessageCodec codec = new MessageCodec();
        private final String bikeId;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicReference<CompletableFuture<Long>> pending = new AtomicReference<>();
        private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(30, ChronoUnit.DAYS);
        private WebSocket socket;
        private long nextSeq = 1;

        Bike(String bikeId) {
            this.bikeId = bikeId;
        }

        void open(int port, String token) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/bikes/" + bikeId), this)
                    .get(30, TimeUnit.SECONDS);
            socket.sendText(codec.encode(new Hello(bikeId, "bench", ProtocolCodes.PROTOCOL_VERSION,
                    "bench-" + bikeId + "-" + System.nanoTime())), true).join();
        }

        /** Sends one batch and waits for its ack; returns the latency in nanoseconds. */
        long sendBatch(int size) throws Exception {
            List<Position> fixes = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long seq = nextSeq++;
                fixes.add(new Position(seq, new Fix(base.plusMillis(seq * 100), 52.37 + (seq % 1000) * 1e-5,
                        4.89 + (seq % 1000) * 1e-5, 5.0, 90.0, 3.0, 0.9, 9, FixType.THREE_D)));
            }
            // Encoding is the bike's work, not the server's: done before the clock starts.
            String frame = codec.encode(new Positions(bikeId, fixes, false, 0));
            long highest = nextSeq - 1;
            CompletableFuture<Long> ack = new CompletableFuture<>();
            pending.set(ack);
            long start = System.nanoTime();
            socket.sendText(frame, true).join();
            long acked = ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long latency = System.nanoTime() - start;
            if (acked != highest) {
                throw new IllegalStateException(bikeId + ": ack " + acked + ", expected " + highest);
            }
            return latency;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    Message message = codec.decode(text);
                    CompletableFuture<Long> ack = pending.get();
                    if (message instanceof Ack a && ack != null) {
                        ack.complete(a.seq());
                    } else if (ack != null) {
                        ack.completeExceptionally(new IllegalStateException(bikeId + ": server sent " + text));
                    }
                } catch (Exception e) {
                    CompletableFuture<Long> ack = pending.get();
                    if (ack != null) {
                        ack.completeExceptionally(e);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CompletableFuture<Long> ack = pending.get();
            if (ack != null) {
                ack.completeExceptionally(new IllegalStateException(bikeId + ": closed " + statusCode + " " + reason));
            }
            return null;
        }
    }

    /** One bike's results for one phase. */
    private record Run(List<Long> latencies, long fixes) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String[]> tokens = Files.readAllLines(Path.of(args[1])).stream()
                .filter(l -> !l.isBlank()).map(l -> l.strip().split("\\s+")).toList();
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        long measureNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        int[] sizes = Arrays.stream(args, 4, args.length).mapToInt(Integer::parseInt).toArray();

        List<Bike> bikes = new ArrayList<>();
        for (String[] line : tokens) {
            Bike bike = new Bike(line[0]);
            bike.open(port, line[1]);
            bikes.add(bike);
        }
        System.out.printf("%d bikes connected; %d s warm-up and %d s measured per batch size%n", bikes.size(),
                TimeUnit.NANOSECONDS.toSeconds(warmupNanos), TimeUnit.NANOSECONDS.toSeconds(measureNanos));
        // The server's CPU time over each measured phase: its cost per fix, whatever else shares the cores.
        String serverPid = System.getProperty("bench.serverPid");
        System.out.printf("%-10s %10s %12s %12s %12s %14s %16s %14s%n", "batch", "batches", "p50 ms", "p99 ms",
                "max ms", "fixes/s", "server CPU us/fix", "server cores");
        for (int size : sizes) {
            phase(bikes, size, warmupNanos); // warm-up: results dropped
            long start = System.nanoTime();
            long cpuStart = serverCpuTicks(serverPid);
            List<Run> runs = phase(bikes, size, measureNanos);
            long cpuTicks = serverCpuTicks(serverPid) - cpuStart;
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = runs.stream().flatMap(r -> r.latencies().stream()).mapToLong(Long::longValue).sorted()
                    .toArray();
            long fixes = runs.stream().mapToLong(Run::fixes).sum();
            double cpuSeconds = cpuTicks / (double) CLOCK_TICKS_PER_SECOND;
            System.out.printf("%-10d %10d %12.2f %12.2f %12.2f %14.0f %16.2f %14.2f%n", size, all.length,
                    percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, all[all.length - 1] / 1e6,
                    fixes / seconds, serverPid == null ? Double.NaN : cpuSeconds * 1e6 / fixes,
                    serverPid == null ? Double.NaN : cpuSeconds / seconds);
        }
        for (Bike bike : bikes) {
            bike.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    /** Every bike sends batches of {@code size} back to back for {@code nanos}, all bikes at once. */
    private static List<Run> phase(List<Bike> bikes, int size, long nanos) throws Exception {
        List<Run> runs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (Bike bike : bikes) {
            List<Long> latencies = new ArrayList<>();
            long[] fixes = new long[1];
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    long end = System.nanoTime() + nanos;
                    while (System.nanoTime() < end) {
                        latencies.add(bike.sendBatch(size));
                        fixes[0] += size;
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
                synchronized (runs) {
                    runs.add(new Run(latencies, fixes[0]));
                }
            }, "bench-" + bike.bikeId);
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(nanos / 1_000_000 + TimeUnit.SECONDS.toMillis(ACK_TIMEOUT_SECONDS + 10));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a bike failed", failures.get(0));
        }
        return runs;
    }

    /** Linux' USER_HZ, the unit of /proc/PID/stat's times; 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /** User plus system CPU time of the process in clock ticks, or 0 when no pid is given. */
    private static long serverCpuTicks(String pid) throws java.io.IOException {
        if (pid == null) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        // Fields after the command name (which is in parentheses and may hold spaces); utime and stime are 14, 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
