package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.tinylog.Logger;

/**
 * The lean mode: {@link LeanBike}s and {@link LeanListener}s on a few {@link LeanLoop} threads (each a
 * selector and a timer queue), written for the big scenarios, where the load generator shares the machine
 * with the server and must cost little. Why its own small NIO client rather than Tyrus or the JDK's
 * {@code java.net.http.WebSocket}: both allocate per message (futures, strings, message objects), run
 * callbacks on pools with hand-offs between threads, and mask every byte with a random key; here a fix is a
 * frame written into one buffer per thread and one {@code write} call, an ack is read in place, and one
 * thread serves thousands of sockets without any hand-off. The agent mode ({@link AgentFleet}) remains for
 * what the client's own behaviour decides.
 */
final class LeanFleet implements SimFleet {

    /** Any base64 of 16 bytes will do (RFC 6455): the server's answer to it is not checked. */
    static final String WEBSOCKET_KEY = "ZmxlZXQtc2ltdWxhdG9yIQ==";

    final FleetStats stats;
    private final LeanLoop[] loops;
    private final List<LeanBike> bikes = new ArrayList<>();
    private final List<LeanListener> listeners = new ArrayList<>();
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final long intervalMillis;
    private final LongAdder serverMessages = new LongAdder();
    /** 4103s the bikes were sent: frames the server's store did not take, sent again after a pause. */
    final LongAdder storeBusy = new LongAdder();
    private volatile boolean measuringBikes;
    private volatile long listenersMeasuringSince = Long.MAX_VALUE;

    LeanFleet(RunCommand o, List<BikeCredential> fleet, int bikeCount, String apiToken, FleetStats stats)
            throws UnknownHostException {
        this.stats = stats;
        this.intervalMillis = o.interval.toMillis();
        if (o.backlog > 0) {
            throw new IllegalArgumentException("--mode lean sends live fixes only; run --backlog in --mode agent");
        }
        loops = new LeanLoop[Math.max(1, o.threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new LeanLoop("lean-" + i);
        }
        URI base = o.server;
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(base.getHost()), base.getPort());
        List<InetAddress> sources = new ArrayList<>();
        for (String s : o.sourceAddresses) {
            sources.add(InetAddress.getByName(s));
        }
        for (int i = 0; i < bikeCount; i++) {
            int index = o.bikeOffset + i;
            bikes.add(new LeanBike(loops[i % loops.length], server, source(sources, i),
                    new Backoff(o.reconnectBase, o.reconnectCap, random), fleet.get(index), index, this,
                    intervalMillis));
        }
        for (int i = 0; i < o.apps + o.dashboards; i++) {
            String subscribe = i < o.apps ? LiveClient.boxSubscription(FleetLayout.box(o.appOffset + i))
                    : LiveClient.allSubscription();
            listeners.add(new LeanListener(loops[i % loops.length], server, source(sources, bikeCount + i),
                    new Backoff(o.reconnectBase, Duration.ofSeconds(10), random), apiToken, subscribe, this));
        }
    }

    private static InetAddress source(List<InetAddress> sources, int n) {
        return sources.isEmpty() ? null : sources.get(n % sources.size());
    }

    boolean measuringBikes() {
        return measuringBikes;
    }

    long listenersMeasuringSince() {
        return listenersMeasuringSince;
    }

    /** A frame to a bike that is neither an ack nor the outboxState: an error or a command, logged. */
    void serverMessage(byte[] a, int from, int to) {
        serverMessages.increment();
        Logger.debug("Server message to a lean bike: {}", new String(a, from, Math.min(to - from, 300),
                StandardCharsets.UTF_8));
    }

    @Override
    public void start(long rampMillis) throws InterruptedException {
        for (LeanLoop loop : loops) {
            loop.start();
        }
        long begin = LeanLoop.now();
        // Listeners over the first half of the ramp, bikes over the whole of it, each at its time on its loop.
        for (int i = 0; i < listeners.size(); i++) {
            LeanListener l = listeners.get(i);
            long at = begin + rampMillis / 2 * i / listeners.size();
            l.loop.execute(() -> l.loop.schedule(new LeanLoop.Task() {
                @Override
                void run(long now) {
                    l.connect();
                }
            }, at));
        }
        for (int i = 0; i < bikes.size(); i++) {
            LeanBike b = bikes.get(i);
            long at = begin + rampMillis * i / bikes.size();
            long first = random.nextLong(Math.max(1, intervalMillis));
            b.loop.execute(() -> b.loop.schedule(new LeanLoop.Task() {
                @Override
                void run(long now) {
                    b.start(first);
                }
            }, at));
        }
        Thread.sleep(rampMillis);
    }

    @Override
    public void measureBikes(boolean on) {
        measuringBikes = on;
    }

    @Override
    public void measureListeners(boolean on) {
        listenersMeasuringSince = on ? System.currentTimeMillis() : Long.MAX_VALUE;
    }

    @Override
    public void stopReporting() {
        bikes.forEach(b -> b.loop.execute(b::stopReporting));
    }

    @Override
    public boolean allAcknowledged() {
        return bikes.stream().allMatch(b -> b.ackedSeq() >= b.lastSeq());
    }

    @Override
    public List<LossAccounting.Ledger> ledgers() {
        return bikes.stream().map(b -> new LossAccounting.Ledger(b.bikeId(), b.outboxId(), b.lastSeq(), b.ackedSeq()))
                .toList();
    }

    @Override
    public int bikes() {
        return bikes.size();
    }

    @Override
    public int listeners() {
        return listeners.size();
    }

    @Override
    public void close() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(bikes.size() + listeners.size());
        for (LeanConnection c : bikes) {
            c.loop.execute(() -> {
                c.close();
                closed.countDown();
            });
        }
        for (LeanConnection c : listeners) {
            c.loop.execute(() -> {
                c.close();
                closed.countDown();
            });
        }
        closed.await(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        for (LeanLoop loop : loops) {
            loop.stop();
        }
        for (LeanLoop loop : loops) {
            loop.join(5_000);
        }
        if (storeBusy.sum() > 0) {
            System.out.printf("lean bikes were told 4103 (the store did not take a frame; sent again on the same"
                    + " connection) %d times%n", storeBusy.sum());
        }
        if (serverMessages.sum() > 0) {
            System.out.printf("lean bikes got %d server messages other than acks (errors or commands; --log-level debug"
                    + " shows them)%n", serverMessages.sum());
        }
    }
}
