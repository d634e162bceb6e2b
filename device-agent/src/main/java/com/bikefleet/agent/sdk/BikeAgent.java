package com.bikefleet.agent.sdk;

import com.bikefleet.agent.link.Backoff;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.link.LinkSettings;
import com.bikefleet.agent.link.ServerLink;
import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.hardware.gps.GpsListener;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.glassfish.tyrus.client.ClientManager;
import org.tinylog.Logger;

/**
 * The bike agent as a library: GPS source -> sampler -> durable outbox -> server link. Build one with
 * {@link #builder()}, {@link #start()} it, and {@link #close()} it to stop cleanly.
 *
 * <p>Threads: the GPS source calls back on its own thread; everything that touches the outbox or the
 * connection runs on this agent's single worker thread. Several agents in one JVM share nothing.
 */
public final class BikeAgent implements AutoCloseable {

    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(3);

    private final Path bufferPath;
    private final GpsSource gps;
    private final LinkSettings linkSettings;
    private final Duration reportInterval;
    private final ClientManager client;
    private final Backoff backoff;
    private final LinkListener listener;

    private final ScheduledExecutorService worker;
    private final ExecutorService connector;
    // Owned by the worker thread once started.
    private Outbox outbox;
    private ServerLink link;

    private BikeAgent(Builder b) {
        this.bufferPath = b.bufferPath;
        this.gps = b.gps;
        this.linkSettings = new LinkSettings(LinkSettings.endpointFor(b.serverUrl, b.bikeId), b.bikeId, b.token,
                b.agentVersion, b.batchSize, b.window, b.handshakeTimeout, b.stableAfter);
        this.reportInterval = b.reportInterval;
        this.client = b.client != null ? b.client : ClientManager.createClient();
        this.backoff = new Backoff(b.reconnectBase, b.reconnectCap, b.random);
        this.listener = b.listener;
        String name = "agent-" + b.bikeId;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name + "-worker"));
        this.connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name + "-connector");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the outbox, starts connecting, and starts the GPS. */
    public void start() throws SQLException {
        runOnWorker(() -> {
            outbox = Outbox.open(bufferPath);
            Logger.info("Outbox {} opened: {} fixes pending, last seq {}", outbox.outboxId(), outbox.depth(),
                    outbox.lastSeq());
            link = new ServerLink(linkSettings, outbox, worker, connector, client, backoff, System::nanoTime,
                    listener);
            link.start();
            return null;
        });
        FixSampler sampler = new FixSampler(reportInterval);
        gps.start(new GpsListener() {
            @Override
            public void onFix(Fix fix) {
                String problem = FixRules.problems(fix);
                if (problem != null) {
                    Logger.warn("Dropping an implausible fix from {}: {}", gps.describe(), problem);
                } else if (sampler.take(fix)) {
                    worker.execute(() -> append(fix));
                }
            }

            @Override
            public void onStatus(GpsStatus status, String detail) {
                Logger.info("GPS {}: {}", status, detail);
            }
        });
        Logger.info("Agent for bike {} started; GPS: {}", linkSettings.bikeId(), gps.describe());
    }

    private void append(Fix fix) {
        try {
            outbox.append(fix);
        } catch (SQLException e) {
            Logger.error(e, "Could not store a fix in the outbox; it is lost");
            return;
        }
        link.fixAppended();
    }

    /** Fixes waiting in the outbox for the server's ack. */
    public long outboxDepth() throws SQLException {
        return runOnWorker(() -> outbox.depth());
    }

    /** Stops the GPS, gives fixes in flight a moment to be acknowledged, then closes everything. */
    @Override
    public void close() {
        gps.close();
        long deadline = System.nanoTime() + DRAIN_ON_CLOSE.toNanos();
        try {
            while (System.nanoTime() < deadline && runOnWorker(() -> link.isOpen() && outbox.depth() > 0)) {
                Thread.sleep(50);
            }
            runOnWorker(() -> {
                link.close();
                outbox.close();
                return null;
            });
        } catch (SQLException e) {
            Logger.error(e, "Closing the outbox failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            worker.shutdown();
            connector.shutdownNow();
        }
    }

    private interface WorkerTask<T> {
        T run() throws SQLException;
    }

    private <T> T runOnWorker(WorkerTask<T> task) throws SQLException {
        try {
            return worker.submit(task::run).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the agent's worker thread is stuck", e);
        }
    }

    /** Collects what an agent needs; {@code bikeId}, {@code token}, {@code serverUrl}, GPS and outbox are required. */
    public static final class Builder {
        private String bikeId;
        private String token;
        private java.net.URI serverUrl;
        private Path bufferPath;
        private GpsSource gps;
        private Duration reportInterval = Duration.ofSeconds(10);
        private String agentVersion = AgentVersion.get();
        private int batchSize = 100;
        private int window = 4;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration stableAfter = Duration.ofSeconds(30);
        private Duration reconnectBase = Duration.ofSeconds(1);
        private Duration reconnectCap = Duration.ofSeconds(120);
        private RandomGenerator random = RandomGenerator.getDefault();
        private ClientManager client;
        private LinkListener listener = new LinkListener() { };

        public Builder bike(String id, String secret) {
            this.bikeId = id;
            this.token = secret;
            return this;
        }

        public Builder serverUrl(java.net.URI url) {
            this.serverUrl = url;
            return this;
        }

        public Builder outbox(Path file) {
            this.bufferPath = file;
            return this;
        }

        public Builder gps(GpsSource source) {
            this.gps = source;
            return this;
        }

        public Builder reportInterval(Duration interval) {
            this.reportInterval = interval;
            return this;
        }

        public Builder reconnect(Duration base, Duration cap) {
            this.reconnectBase = base;
            this.reconnectCap = cap;
            return this;
        }

        public Builder batching(int maxFixesPerBatch, int maxBatchesInFlight) {
            this.batchSize = maxFixesPerBatch;
            this.window = maxBatchesInFlight;
            return this;
        }

        public Builder random(RandomGenerator source) {
            this.random = source;
            return this;
        }

        /** Shares one Tyrus client (and its threads) between several agents in one JVM. */
        public Builder client(ClientManager shared) {
            this.client = shared;
            return this;
        }

        public Builder linkListener(LinkListener l) {
            this.listener = l;
            return this;
        }

        public BikeAgent build() {
            Objects.requireNonNull(bikeId, "bike id");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(serverUrl, "server URL");
            Objects.requireNonNull(bufferPath, "outbox file");
            Objects.requireNonNull(gps, "GPS source");
            return new BikeAgent(this);
        }
    }
}
