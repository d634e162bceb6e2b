package com.bikefleet.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attack (c): the attacker bike, with its valid token, opens a WebSocket and sends one frame the server must
 * refuse, alternately a text frame one byte over the frame limit and a small binary frame, then waits for the
 * close and connects again, at most {@code perSecond} times a second. Counts the close codes per kind of frame
 * (1009 and 1003 expected) and the upgrades that were not let in.
 */
final class FrameAbuse {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final int port;
    private final String bikeId;
    private final String token;
    private final byte[] oversize;
    private final Tally oversizeCloses = new Tally();
    private final Tally binaryCloses = new Tally();
    private final Tally refusedUpgrades = new Tally();
    private final AtomicLong connections = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    FrameAbuse(int port, String bikeId, String token, int maxFrameBytes, int perSecond) {
        this.port = port;
        this.bikeId = bikeId;
        this.token = token;
        // A JSON string, so only its size is wrong.
        byte[] payload = new byte[maxFrameBytes + 1];
        Arrays.fill(payload, (byte) 'a');
        payload[0] = '"';
        payload[payload.length - 1] = '"';
        this.oversize = payload;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(() -> run(intervalNanos), "attack-frames");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run(long intervalNanos) {
        long due = System.nanoTime();
        for (long i = 0; running; i++) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            due = Math.max(due + intervalNanos, System.nanoTime() - intervalNanos);
            boolean binary = i % 2 == 1;
            Tally closes = binary ? binaryCloses : oversizeCloses;
            try (RawSocket socket = RawSocket.upgrade(port, "/ws/bikes/" + bikeId,
                    Map.of("Authorization", "Bearer " + token), TIMEOUT_MILLIS)) {
                if (socket.status() != 101) {
                    refusedUpgrades.count(Integer.toString(socket.status()));
                    continue;
                }
                connections.incrementAndGet();
                try {
                    socket.send(binary ? 0x2 : 0x1, binary ? new byte[] {1, 2, 3, 4, 5, 6, 7, 8} : oversize);
                } catch (IOException e) {
                    // the server may close before the whole frame is written: its close code may still be there
                }
                String code = socket.closeCode(TIMEOUT_MILLIS);
                closes.count(code);
                if (code.matches("\\d+")) {
                    try {
                        socket.send(0x8, new byte[] {(byte) (1000 >> 8), (byte) (1000 & 0xff)});
                    } catch (IOException e) {
                        // the server may already have dropped the connection
                    }
                }
            } catch (IOException | RuntimeException e) {
                refusedUpgrades.count(e.getClass().getSimpleName());
            }
        }
    }

    long connections() {
        return connections.get();
    }

    Tally oversizeCloses() {
        return oversizeCloses;
    }

    Tally binaryCloses() {
        return binaryCloses;
    }

    Tally refusedUpgrades() {
        return refusedUpgrades;
    }

    /** Stops the attack and waits for its thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }
}
