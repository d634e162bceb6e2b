package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The agent mode: each {@link VirtualBike} runs the agent's own link code, listeners are Tyrus clients
 * ({@link LiveClient}). For the scenarios where the client's own behaviour is what is tested (the
 * reconnect storm, backfill, smoke); about 2,000 such bikes at 1 Hz take a core.
 */
final class AgentFleet implements SimFleet {

    private final ScheduledExecutorService[] shards;
    private final ExecutorService connector;
    private final Clients clients;
    private final List<VirtualBike> bikes = new ArrayList<>();
    private final List<LiveClient> listeners = new ArrayList<>();
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Duration interval;

    AgentFleet(RunCommand o, List<BikeCredential> fleet, int bikeCount, String apiToken, FleetStats stats,
               Clock clock) throws UnknownHostException {
        this.interval = o.interval;
        shards = new ScheduledExecutorService[Math.max(1, o.threads)];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = Executors.newSingleThreadScheduledExecutor(RunCommand.daemon("bikes-" + i));
        }
        connector = Executors.newFixedThreadPool(o.connectors, RunCommand.daemon("connect"));
        clients = new Clients(o.sourceAddresses);
        VirtualBike.Settings settings = new VirtualBike.Settings(o.interval, Math.max(100_000, o.backlog * 2),
                o.batchSize, o.window, o.handshakeTimeout, o.reconnectBase, o.reconnectCap);
        URI ws = URI.create(o.server.toString().replaceFirst("^http", "ws"));
        for (int i = 0; i < bikeCount; i++) {
            int index = o.bikeOffset + i;
            VirtualBike bike = new VirtualBike(fleet.get(index), index, ws, settings, shards[i % shards.length],
                    connector, clients.forConnection(i), stats, random, clock);
            if (o.backlog > 0) {
                bike.preloadBacklog(o.backlog);
            }
            bikes.add(bike);
        }
        Set<String> ownBikes = new HashSet<>();
        fleet.forEach(c -> ownBikes.add(c.bikeId()));
        URI live = ws.resolve("/ws/live");
        for (int i = 0; i < o.apps + o.dashboards; i++) {
            String subscribe = i < o.apps ? LiveClient.boxSubscription(FleetLayout.box(o.appOffset + i))
                    : LiveClient.allSubscription();
            listeners.add(new LiveClient(live, apiToken, subscribe, ownBikes, clients.forConnection(i),
                    shards[i % shards.length], connector, new Backoff(o.reconnectBase, Duration.ofSeconds(10), random),
                    stats, clock));
        }
    }

    @Override
    public void start(long rampMillis) throws InterruptedException {
        RunCommand.startSpread(listeners.size(), rampMillis / 2, n -> listeners.get(n).start());
        for (int i = 0; i < bikes.size(); i++) {
            long startAt = rampMillis * i / bikes.size();
            VirtualBike bike = bikes.get(i);
            long first = startAt + random.nextLong(Math.max(1, interval.toMillis()));
            shards[i % shards.length].schedule(() -> bike.start(Duration.ofMillis(first - startAt)), startAt,
                    TimeUnit.MILLISECONDS);
        }
        Thread.sleep(rampMillis);
    }

    @Override
    public void measureBikes(boolean on) {
        bikes.forEach(b -> b.measuring(on));
    }

    @Override
    public void measureListeners(boolean on) {
        listeners.forEach(l -> l.measuring(on));
    }

    @Override
    public void stopReporting() {
        bikes.forEach(VirtualBike::stopReporting);
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
        bikes.forEach(VirtualBike::close);
        listeners.forEach(LiveClient::close);
        Thread.sleep(500);
        for (ScheduledExecutorService shard : shards) {
            shard.shutdownNow();
        }
        connector.shutdownNow();
        clients.shutdown();
    }
}
