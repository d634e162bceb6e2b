package com.bikefleet.bench;

import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Attack (d): the attacker bike says hello, then sends {@code perSecond} frames a second of an unknown message
 * type whose name is 16 to 100 KB long, and never reads its socket. The server answers each with an
 * {@code error} 4100 that names the type, so what it sends back is as large as what it gets; with the bike
 * not reading, those answers pile up in the socket buffers and then in the server. Records each connection's
 * life: frames and bytes sent, and whether and when the server ended it (a write that fails); the bike
 * connects again a second after such an end. When the attack stops, what the server had sent on the last
 * connection is read and counted, for at most {@link #DRAIN_MILLIS}.
 */
final class UnreadFlood {

    static final int MIN_FRAME = 16 * 1024;
    static final int MAX_FRAME = 100 * 1024;
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final long DRAIN_MILLIS = 15_000;

    /** One connection of the attacker. Written by the attack thread, read after it stopped. */
    static final class Life {
        final long openedNanos;
        volatile long frames;
        volatile long bytes;
        volatile long lastWriteDoneNanos;
        volatile boolean inWrite;
        volatile long endedNanos;
        volatile String end;

        Life(long openedNanos) {
            this.openedNanos = openedNanos;
            this.lastWriteDoneNanos = openedNanos;
        }
    }

    /** What the server had sent on the last connection, read once the attack stopped. */
    record Drained(long frames, long errors, long bytes, String close, long millis) {
    }

    private final int port;
    private final String bikeId;
    private final String token;
    private final long intervalNanos;
    private final MessageCodec codec = new MessageCodec();
    private final List<Life> lives = new ArrayList<>();
    private final Thread thread;
    private final List<String> refused = new ArrayList<>();
    private volatile RawSocket current;
    private volatile boolean running = true;
    private Drained drained;

    UnreadFlood(int port, String bikeId, String token, int perSecond) {
        this.port = port;
        this.bikeId = bikeId;
        this.token = token;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "attack-unread");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            RawSocket socket;
            try {
                socket = RawSocket.upgrade(port, "/ws/bikes/" + bikeId, Map.of("Authorization", "Bearer " + token),
                        TIMEOUT_MILLIS);
            } catch (IOException | RuntimeException e) {
                synchronized (refused) {
                    refused.add(e.toString());
                }
                pause();
                continue;
            }
            if (socket.status() != 101) {
                synchronized (refused) {
                    refused.add("HTTP " + socket.status());
                }
                closeQuietly(socket);
                pause();
                continue;
            }
            Life life = new Life(System.nanoTime());
            synchronized (lives) {
                lives.add(life);
            }
            current = socket;
            flood(socket, life);
            if (running) {
                closeQuietly(socket);
                pause();
            }
        }
    }

    private void flood(RawSocket socket, Life life) {
        try {
            socket.send(0x1, codec.encode(new Hello(bikeId, "attacker", ProtocolCodes.PROTOCOL_VERSION,
                    UUID.randomUUID().toString())).getBytes(StandardCharsets.UTF_8));
            long due = System.nanoTime();
            while (running) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                due = Math.max(due + intervalNanos, System.nanoTime() - intervalNanos);
                int size = ThreadLocalRandom.current().nextInt(MIN_FRAME, MAX_FRAME + 1);
                byte[] frame = ("{\"type\":\"" + "x".repeat(size - 11) + "\"}").getBytes(StandardCharsets.US_ASCII);
                life.inWrite = true;
                socket.send(0x1, frame);
                life.inWrite = false;
                life.lastWriteDoneNanos = System.nanoTime();
                life.frames++;
                life.bytes += frame.length;
            }
        } catch (IOException e) {
            life.inWrite = false;
            if (running) {
                life.endedNanos = System.nanoTime();
                life.end = "a write failed: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /**
     * Stops the attack and reads what the server had sent on the open connection (while a write may still be
     * blocked on it), then closes it.
     */
    void stop() throws InterruptedException {
        running = false;
        RawSocket socket = current;
        Life life;
        synchronized (lives) {
            life = lives.isEmpty() ? null : lives.get(lives.size() - 1);
        }
        if (socket != null && life != null && life.end == null) {
            life.end = life.inWrite ? "open at the end, a write blocked for "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - life.lastWriteDoneNanos) + " ms"
                    : "open at the end, writes going through";
            drained = drain(socket);
        }
        if (socket != null) {
            closeQuietly(socket); // also ends a write blocked on a server that stopped reading
        }
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private static Drained drain(RawSocket socket) {
        long start = System.nanoTime();
        long frames = 0;
        long errors = 0;
        long bytes = 0;
        String close = "none (no close frame)";
        try {
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS)) {
                RawSocket.Frame frame = socket.next(2_000);
                if (frame == null) {
                    break;
                }
                frames++;
                bytes += frame.length();
                if (frame.opcode() == 0x8) {
                    close = Integer.toString(frame.closeCode());
                    break;
                }
                // The answers to the flood are error 4100 frames, each nearly the size of the frame it answers.
                if (frame.opcode() == 0x1 && frame.length() > 1000) {
                    errors++;
                }
            }
        } catch (IOException e) {
            close = "read failed: " + e.getMessage();
        }
        return new Drained(frames, errors, bytes, close, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    List<Life> lives() {
        synchronized (lives) {
            return List.copyOf(lives);
        }
    }

    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** What was read from the last connection after the attack, or null when none was open. */
    Drained drained() {
        return drained;
    }

    private static void closeQuietly(RawSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
