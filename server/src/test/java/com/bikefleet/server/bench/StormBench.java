package com.bikefleet.server.bench;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reconnect storm against a running server: every bike in the tokens file opens a WebSocket (from
 * loopback source addresses 127.0.0.2, 127.0.0.3, ... in turn), says hello, sends one live fix and waits
 * for its ack, each at a random moment within the jitter window (full jitter, as the agents' backoff).
 * Sockets stay open until every bike has been acked or failed, then all close. Prints how long the storm
 * took, the per-bike latency (first attempt to ack) percentiles, and the failures.
 *
 * <p>Plain blocking sockets on a bounded pool of threads: no WebSocket client library holds 10,000
 * connections in one process cheaply, and the bike's side of the protocol needed here is three frames.
 * Usage: StormBench PORT TOKENS_FILE JITTER_MILLIS SOURCE_ADDRESSES THREADS
 */
public final class StormBench {

    private static final int ACK_TIMEOUT_MILLIS = 60_000;

    private StormBench() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String[]> bikes = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank())
                .map(l -> l.strip().split("\\s+")).toList();
        long jitterMillis = Long.parseLong(args[2]);
        int sources = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);

        MessageCodec codec = new MessageCodec();
        ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
        long[] latencies = new long[bikes.size()];
        Arrays.fill(latencies, -1);
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ScheduledStart schedule = new ScheduledStart(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        // Submitted in the order of their start times, so a thread never sleeps while an earlier bike waits.
        long[][] starts = new long[bikes.size()][];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = new long[] {ThreadLocalRandom.current().nextLong(jitterMillis + 1), i};
        }
        Arrays.sort(starts, (a, b) -> Long.compare(a[0], b[0]));
        for (long[] planned : starts) {
            int index = (int) planned[1];
            long at = planned[0];
            pool.execute(() -> {
                String[] bike = bikes.get(index);
                String source = "127.0.0." + (2 + index % sources);
                try {
                    schedule.waitUntil(at);
                    long start = System.nanoTime();
                    open.add(connect(codec, port, source, bike[0], bike[1], index));
                    latencies[index] = System.nanoTime() - start;
                } catch (Exception e) {
                    failures.incrementAndGet();
                    synchronized (firstFailures) {
                        if (firstFailures.size() < 5) {
                            firstFailures.add(bike[0] + " from " + source + ": " + e);
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - schedule.origin) / 1e9;
        long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf("bikes %d, jitter window %d ms, %d source addresses, %d client threads%n", bikes.size(),
                jitterMillis, sources, threads);
        System.out.printf("all connected, hello'd and acked (or failed) %.2f s after the storm began%n", seconds);
        if (done.length > 0) {
            System.out.printf("per bike, connect to ack: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(done, 0.50) / 1e6, pct(done, 0.99) / 1e6, done[done.length - 1] / 1e6);
        }
        System.out.printf("acked %d, failed %d%n", done.length, failures.get());
        firstFailures.forEach(f -> System.out.println("  failure: " + f));
        // Held open until here so the server carries every connection at once; the script samples it now.
        System.out.println("holding " + open.size() + " connections for the server's figures");
        System.out.flush();
        Thread.sleep(Long.parseLong(System.getProperty("storm.holdMillis", "3000")));
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing everything at the end; one failure changes nothing
            }
        }
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    /** Upgrade, hello, one live fix, its ack; returns the open socket. */
    private static Socket connect(MessageCodec codec, int port, String source, String bikeId, String token, int index)
            throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), ACK_TIMEOUT_MILLIS);
        socket.setSoTimeout(ACK_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(("GET /ws/bikes/" + bikeId + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        writeText(out, codec.encode(new Hello(bikeId, "storm", ProtocolCodes.PROTOCOL_VERSION, "storm-" + bikeId)));
        Fix fix = Fix.of(Instant.now().minusSeconds(1), 52.45 + (index % 100) * 0.002, 13.30 + (index / 100) * 0.002);
        writeText(out, codec.encode(new Positions(bikeId, List.of(new Position(1, fix)), true, 0)));
        out.flush();
        String reply = readText(new DataInputStream(in));
        if (!reply.contains("\"ack\"")) {
            socket.close();
            throw new IOException("expected an ack, got " + reply);
        }
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the upgrade after '" + head + "'");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** A masked text frame, as a client must send. */
    private static void writeText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        out.write(payload);
    }

    /** The next text frame from the server (unmasked, not fragmented: the server's small replies). */
    private static String readText(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if ((first & 0x0F) == 0x8) {
            throw new IOException("closed by the server: " + new String(payload, StandardCharsets.UTF_8));
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Shared start time of the storm; each bike waits for its own offset from it. */
    private static final class ScheduledStart {
        final long origin;

        ScheduledStart(long origin) {
            this.origin = origin;
        }

        void waitUntil(long offsetMillis) throws InterruptedException {
            long wait = origin + TimeUnit.MILLISECONDS.toNanos(offsetMillis) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
