package com.bikefleet.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Attack (b): sockets that never finish a request. {@code idle} sockets connect and send nothing; {@code slow}
 * ones (slowloris) send a request head one byte every {@code dripMillis} and never end it. All are kept open
 * on one selector thread; when the server closes one, its lifetime is recorded and a new one takes its place,
 * so the server faces the full count for the whole attack. A socket counts as closed on time when the server
 * ended it within the request deadline plus {@link #GRACE_NANOS} (its sweep runs every 250 ms, on a shared
 * machine a little later).
 */
final class HeldSockets {

    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** New connections a loop turn may start: the sockets come within a second or two, not in one burst. */
    private static final int OPENS_PER_TURN = 50;
    /** After a connect fails (a server that is gone), no new socket for this long rather than a busy loop. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What happened to the sockets of one kind. */
    static final class Report {
        final String kind;
        long opened;
        long connectFailed;
        long closedOnTime;
        long closedEarly;
        long closedLate;
        long answered;
        long stillOpenYoung;
        long stillOpenOverdue;
        final List<Long> lifetimesMillis = new ArrayList<>();

        Report(String kind) {
            this.kind = kind;
        }

        long closed() {
            return closedOnTime + closedEarly + closedLate;
        }

        long lifetimePercentile(double p) {
            if (lifetimesMillis.isEmpty()) {
                return -1;
            }
            long[] sorted = lifetimesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
        }
    }

    private static final class Held {
        final SocketChannel channel;
        final Report report;
        final boolean slow;
        long connectedNanos;
        int written;

        Held(SocketChannel channel, Report report, boolean slow) {
            this.channel = channel;
            this.report = report;
            this.slow = slow;
        }
    }

    private final InetSocketAddress server;
    private final int idleTarget;
    private final int slowTarget;
    private final long deadlineNanos;
    private final long dripNanos;
    private final byte[] slowHead;
    private final Report idle = new Report("idle");
    private final Report slow = new Report("slowloris");
    private final Set<Held> live = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;
    private int idleLive;
    private int slowLive;
    private long openAfterNanos;

    HeldSockets(int port, String path, int idleTarget, int slowTarget, long deadlineMillis, long dripMillis)
            throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.idleTarget = idleTarget;
        this.slowTarget = slowTarget;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        this.dripNanos = TimeUnit.MILLISECONDS.toNanos(dripMillis);
        // Long enough that no slowloris gets to its end: it would then be a request, not a slow one.
        this.slowHead = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nX-Slow: " + "a".repeat(4096)).getBytes(StandardCharsets.ISO_8859_1);
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "attack-held-sockets");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long nextDrip = System.nanoTime() + dripNanos;
        try {
            while (running) {
                openMissing();
                selector.select(50);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Held held = (Held) key.attachment();
                    if (key.isValid() && key.isConnectable()) {
                        finishConnect(held, key, now);
                    } else if (key.isValid() && key.isReadable()) {
                        read(held, now);
                    }
                }
                selector.selectedKeys().clear();
                if (now - nextDrip >= 0) {
                    drip(now);
                    nextDrip += dripNanos;
                }
            }
        } catch (IOException e) {
            System.out.println("held sockets: the selector failed: " + e);
        }
    }

    private void openMissing() {
        if (System.nanoTime() - openAfterNanos < 0) {
            return;
        }
        for (int i = 0; i < OPENS_PER_TURN && (idleLive < idleTarget || slowLive < slowTarget); i++) {
            boolean isSlow = slowLive < slowTarget && (idleLive >= idleTarget || i % 5 == 0);
            Report report = isSlow ? slow : idle;
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                Held held = new Held(channel, report, isSlow);
                if (channel.connect(server)) {
                    held.connectedNanos = System.nanoTime();
                    report.opened++;
                    channel.register(selector, SelectionKey.OP_READ, held);
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, held);
                }
                live.add(held);
                if (isSlow) {
                    slowLive++;
                } else {
                    idleLive++;
                }
            } catch (IOException e) {
                report.connectFailed++;
                closeQuietly(channel);
                openAfterNanos = System.nanoTime() + RETRY_NANOS;
                return;
            }
        }
    }

    private void finishConnect(Held held, SelectionKey key, long now) {
        try {
            held.channel.finishConnect();
            held.connectedNanos = now;
            held.report.opened++;
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            held.report.connectFailed++;
            openAfterNanos = now + RETRY_NANOS;
            forget(held);
        }
    }

    private void read(Held held, long now) {
        try {
            readBuffer.clear();
            int n = held.channel.read(readBuffer);
            if (n > 0) {
                held.report.answered++;
                return;
            }
            if (n == 0) {
                return;
            }
        } catch (IOException e) {
            // a reset: the server closed it too
        }
        closedByServer(held, now);
    }

    /** One more byte of the head on every connected slowloris socket. */
    private void drip(long now) {
        for (Held held : new ArrayList<>(live)) {
            if (!held.slow || held.connectedNanos == 0 || held.written >= slowHead.length) {
                continue;
            }
            try {
                if (held.channel.write(ByteBuffer.wrap(slowHead, held.written, 1)) == 1) {
                    held.written++;
                }
            } catch (IOException e) {
                closedByServer(held, now);
            }
        }
    }

    private void closedByServer(Held held, long now) {
        if (!live.contains(held)) {
            return;
        }
        long lifetime = now - held.connectedNanos;
        Report report = held.report;
        report.lifetimesMillis.add(TimeUnit.NANOSECONDS.toMillis(lifetime));
        if (lifetime < deadlineNanos - TimeUnit.MILLISECONDS.toNanos(250)) {
            report.closedEarly++;
        } else if (lifetime <= deadlineNanos + GRACE_NANOS) {
            report.closedOnTime++;
        } else {
            report.closedLate++;
        }
        forget(held);
    }

    private void forget(Held held) {
        if (live.remove(held)) {
            if (held.slow) {
                slowLive--;
            } else {
                idleLive--;
            }
        }
        closeQuietly(held.channel);
    }

    /** Stops the attack: the sockets still open are counted (young, or past their deadline) and closed. */
    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        long now = System.nanoTime();
        for (Held held : live) {
            if (held.connectedNanos != 0 && now - held.connectedNanos > deadlineNanos + GRACE_NANOS) {
                held.report.stillOpenOverdue++;
            } else {
                held.report.stillOpenYoung++;
            }
            closeQuietly(held.channel);
        }
        live.clear();
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to free
        }
    }

    Report idle() {
        return idle;
    }

    Report slow() {
        return slow;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all that was wanted
            }
        }
    }
}
