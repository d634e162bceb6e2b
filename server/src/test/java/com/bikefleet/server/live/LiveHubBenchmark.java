package com.bikefleet.server.live;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.FixBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The design load's fan-out without a network: 10,000 bikes in a 0.2 x 0.2 degree city, 3,000 apps each
 * following one bike and a box of about 1 km around it, 10 dashboards following every bike.
 *
 * <p>{@code publish} is what the committer thread pays per live fix (the match and the queueing);
 * {@code tick} is what the dispatcher thread pays per batch interval at 10,000 fixes/s with a 100 ms
 * interval: 1,000 fixes published, then every listener flushed into a socket that completes at once (so
 * frame building and queue handling are measured, not Tyrus' framing or the kernel).
 * Run with bench/live-fanout.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LiveHubBenchmark {

    private static final double WEST = 13.30;
    private static final double SOUTH = 52.45;
    private static final double SIZE = 0.2;
    private static final double BOX_HALF = 0.005;

    @Param({"10000"})
    public int bikes;
    @Param({"3000"})
    public int apps;
    @Param({"10"})
    public int dashboards;

    private LiveHub hub;
    private final List<LiveListener> listeners = new ArrayList<>();
    private String[] ids;
    private double[][] where;
    private final Random random = new Random(7);
    private long clockMillis = 1_700_000_000_000L;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        hub = new LiveHub();
        ids = new String[bikes];
        where = new double[bikes][2];
        for (int i = 0; i < bikes; i++) {
            ids[i] = String.format("bike-%05d", i);
            where[i][0] = WEST + random.nextDouble() * SIZE;
            where[i][1] = SOUTH + random.nextDouble() * SIZE;
            publish(i);
        }
        for (int i = 0; i < apps; i++) {
            int bike = random.nextInt(bikes);
            // What an app sends: its bike, and the box around it (two subscriptions where the protocol
            // takes one kind per listener).
            add(new Subscription.Bikes(Set.of(ids[bike])));
            add(new Subscription.Box(where[bike][0] - BOX_HALF, where[bike][1] - BOX_HALF,
                    where[bike][0] + BOX_HALF, where[bike][1] + BOX_HALF));
        }
        for (int i = 0; i < dashboards; i++) {
            add(new Subscription.All());
        }
        tickFlush();
    }

    private void add(Subscription subscription) {
        LiveListener listener = new LiveListener(new InstantSocket(), hub.json(), hub.counters(), 60_000, 1_000_000);
        hub.add(listener);
        hub.subscribe(listener, subscription);
        listener.snapshotReady("{}");
        listeners.add(listener);
    }

    /** A fix for the next bike, a few metres from its last one and newer. */
    private void publish(int bike) {
        where[bike][0] += (random.nextDouble() - 0.5) * 0.0002;
        where[bike][1] += (random.nextDouble() - 0.5) * 0.0002;
        clockMillis += 1;
        Fix fix = new Fix(Instant.ofEpochMilli(clockMillis), where[bike][1], where[bike][0], 4.2, 90.0, 35.0, 0.9, 9,
                null);
        hub.fixesStored(new FixBatch(ids[bike], "o", List.of(new Position(clockMillis, fix)), true,
                Instant.ofEpochMilli(clockMillis)));
    }

    private void tickFlush() {
        for (LiveListener listener : listeners) {
            listener.flush(clockMillis);
        }
    }

    @Benchmark
    public void publish() {
        publish(next);
        next = (next + 1) % bikes;
        if (next % 1000 == 0) {
            // Keep the queues as the dispatcher would, so they do not grow for ever.
            tickFlush();
        }
    }

    @Benchmark
    public void tick() {
        for (int i = 0; i < 1000; i++) {
            publish(next);
            next = (next + 1) % bikes;
        }
        tickFlush();
    }

    /** Completes every send at once, as a socket with room in its buffer would. */
    private static final class InstantSocket implements LiveSocket {
        @Override
        public void send(String frame, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
