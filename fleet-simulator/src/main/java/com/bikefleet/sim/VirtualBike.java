package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.link.LinkScheduler;
import com.bikefleet.agent.link.LinkSettings;
import com.bikefleet.agent.link.ServerLink;
import com.bikefleet.agent.link.TyrusDialer;
import com.bikefleet.hardware.sim.SimulatedGps;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.glassfish.tyrus.client.ClientManager;

/**
 * One virtual bike: a simulated ride, an in-memory outbox and the agent's own {@link ServerLink} (with
 * its backoff, hello, live-first sending and acks), on a worker shared with other bikes.
 *
 * <p>Each fix is stamped with the wall-clock millisecond at which it is reported; that stamp is the
 * start of both latencies: to its ack (here) and to its arrival at a listener (which may be in another
 * process on this machine, reading the same clock).
 *
 * <p>Threads: every field but the ledger's volatile numbers is owned by the bike's worker, a
 * single-thread scheduler shared by a shard of bikes, so one bike's events never run concurrently.
 */
final class VirtualBike {

    private final BikeCredential credential;
    private final ScheduledExecutorService worker;
    private final SimulatedGps gps;
    private final MemoryOutbox outbox;
    private final ServerLink link;
    private final FleetStats stats;
    private final Duration interval;
    private final Clock clock;
    /**
     * Seq, report time (epoch ms) and whether it counts (1: reported while measuring) of live fixes not yet
     * acknowledged, oldest first. Fixes reported during the ramp do not count, however late their ack.
     */
    private final Deque<long[]> unacked = new ArrayDeque<>();
    private long nextFix;
    private boolean connectedOnce;
    private boolean connected;
    private ScheduledFuture<?> ticks;

    // Read by the main thread at the end of the run.
    private volatile long lastSeq;
    private volatile long ackedSeq;
    private volatile boolean measuring;

    VirtualBike(BikeCredential credential, int index, java.net.URI server, Settings settings,
                ScheduledExecutorService worker, ExecutorService connector, ClientManager client, FleetStats stats,
                RandomGenerator random, Clock clock) {
        this.credential = credential;
        this.worker = worker;
        this.stats = stats;
        this.interval = settings.interval();
        this.clock = clock;
        this.gps = new SimulatedGps(FleetLayout.route(index), 4.0 + (index % 5), Duration.ofSeconds(1), clock);
        this.outbox = new MemoryOutbox(settings.maxFixes());
        LinkSettings link = new LinkSettings(LinkSettings.endpointFor(server, credential.bikeId()),
                credential.bikeId(), credential.token(), "fleet-simulator", settings.batchSize(), settings.window(),
                settings.handshakeTimeout(), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(60));
        this.link = new ServerLink(link, outbox, LinkScheduler.on(worker),
                new TyrusDialer(link, client, connector, worker),
                new Backoff(settings.reconnectBase(), settings.reconnectCap(), random), new Events());
    }

    /** How virtual bikes behave; the agent's defaults unless a flag says otherwise. */
    record Settings(Duration interval, long maxFixes, int batchSize, int window, Duration handshakeTimeout,
                    Duration reconnectBase, Duration reconnectCap) {
    }

    /** Fills the outbox with {@code count} fixes at 1 Hz ending a second before now, as after a day offline. */
    void preloadBacklog(long count) {
        Instant start = clock.instant().minusSeconds(count);
        for (long n = 0; n < count; n++) {
            Fix fix = gps.fixAt(start, n);
            lastSeq = outbox.append(fix).seq();
        }
        stats.pending.add(count);
        stats.sent.add(count);
    }

    /** Connects, then reports a fix every interval, the first after {@code firstDelay}. On the worker. */
    void start(Duration firstDelay) {
        worker.execute(() -> {
            link.start();
            ticks = worker.scheduleAtFixedRate(this::report, firstDelay.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    void measuring(boolean on) {
        measuring = on;
    }

    private void report() {
        long now = clock.millis();
        Fix route = gps.fixAt(Instant.EPOCH, nextFix++);
        Fix fix = new Fix(Instant.ofEpochMilli(now), route.latitude(), route.longitude(), route.speed(),
                route.course(), route.altitude(), route.hdop(), route.satellites(), route.fixType());
        Position position = outbox.append(fix);
        lastSeq = position.seq();
        unacked.addLast(new long[] {position.seq(), now, measuring ? 1 : 0});
        stats.sent.increment();
        stats.pending.increment();
        link.fixAppended(position);
    }

    /** Stops reporting; the link keeps going so the outbox can drain. */
    void stopReporting() {
        worker.execute(() -> {
            if (ticks != null) {
                ticks.cancel(false);
            }
        });
    }

    void close() {
        worker.execute(link::close);
    }

    String bikeId() {
        return credential.bikeId();
    }

    String outboxId() {
        return outbox.outboxId();
    }

    long lastSeq() {
        return lastSeq;
    }

    long ackedSeq() {
        return ackedSeq;
    }

    /** The link's events, on the bike's worker. */
    private final class Events implements LinkListener {
        @Override
        public void onConnected() {
            if (connectedOnce) {
                stats.bikeReconnects.increment();
            }
            connectedOnce = true;
            connected = true;
            stats.connectedBikes.incrementAndGet();
        }

        @Override
        public void onDisconnected(String reason, long retryInMillis) {
            if (connected) {
                connected = false;
                stats.connectedBikes.decrementAndGet();
            }
        }

        @Override
        public void onAcknowledged(long seq) {
            long before = ackedSeq;
            if (seq <= before) {
                return;
            }
            ackedSeq = seq;
            stats.acked.add(seq - before);
            stats.pending.add(-(seq - before));
            long nowMicros = micros(clock.instant());
            while (!unacked.isEmpty() && unacked.peekFirst()[0] <= seq) {
                long[] fix = unacked.removeFirst();
                if (fix[2] == 1) {
                    stats.ackLatencyMicros(nowMicros - fix[1] * 1000);
                }
            }
        }
    }

    static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
