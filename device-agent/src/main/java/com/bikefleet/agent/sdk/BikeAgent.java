package com.bikefleet.agent.sdk;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.link.LinkScheduler;
import com.bikefleet.agent.link.LinkSettings;
import com.bikefleet.agent.link.NetworkWatcher;
import com.bikefleet.agent.link.ServerLink;
import com.bikefleet.agent.link.TrustStores;
import com.bikefleet.agent.link.TyrusDialer;
import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.config.AgentKeys;
import com.bikefleet.agent.config.TlsSettings;
import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxFiles;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.hardware.gps.GpsListener;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import com.bikefleet.model.Position;
import com.bikefleet.model.config.InvalidSettingsException;
import com.bikefleet.model.config.KeyProblem;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.GpsState;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.glassfish.tyrus.client.ClientManager;
import org.tinylog.Logger;

/**
 * The bike agent as a library: GPS source -> sampler -> durable outbox -> server link, plus telemetry
 * that other code on the bike {@link #publish publishes} and server commands it {@link Builder#onCommand
 * handles}. Build one with {@link #builder()}, {@link #start()} it, and {@link #close()} it to stop.
 *
 * <p>Threads: the GPS source calls back on its own thread; everything that touches the outbox or the
 * connection runs on this agent's single worker thread; command handlers run on a command thread.
 * Several agents in one JVM share nothing but, if given one, a {@link SharedClient}.
 */
public final class BikeAgent implements AutoCloseable {

    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(3);

    private final Path bufferPath;
    private final OutboxSettings outboxSettings;
    private final GpsSource gps;
    private final LinkSettings linkSettings;
    private final FixSampler sampler;
    private final GpsClock gpsClock = new GpsClock(System::nanoTime);
    private final ClientManager client;
    private final Backoff backoff;
    private final LinkListener listener;
    private final CommandRunner commandRunner;
    private final Supplier<String> networkFingerprint;
    private final Duration networkPoll;

    private final ScheduledExecutorService worker;
    private final ExecutorService connector;
    private final ExecutorService commands;
    // Owned by the worker thread once started.
    private Outbox outbox;
    private ServerLink link;
    // Written by the worker and GPS threads, read by status().
    private volatile boolean connected;
    private volatile java.time.Instant connectionChangedAt;
    private volatile String gpsState = GpsState.NO_DATA.wireName();
    private volatile Fix lastFix;

    private BikeAgent(Builder b) {
        this.bufferPath = b.bufferPath;
        this.outboxSettings = b.outboxSettings;
        this.gps = b.gps;
        this.linkSettings = new LinkSettings(LinkSettings.endpointFor(b.serverUrl, b.bikeId), b.bikeId, b.token,
                b.agentVersion, b.batchSize, b.window, b.handshakeTimeout, b.stableAfter, b.pingInterval,
                b.pongTimeout, b.statusEvery);
        this.sampler = new FixSampler(b.reportInterval);
        this.client = b.sharedClient != null ? b.sharedClient.client() : ClientManager.createClient();
        TrustStores.apply(b.tls, client);
        this.backoff = new Backoff(b.reconnectBase, b.reconnectCap, b.random);
        this.listener = b.listener;
        this.commandRunner = new CommandRunner(sampler, b.handlers);
        this.networkFingerprint = b.networkFingerprint;
        this.networkPoll = b.networkPoll;
        String name = "agent-" + b.bikeId;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name + "-worker"));
        this.connector = Executors.newSingleThreadExecutor(daemon(name + "-connector"));
        this.commands = Executors.newSingleThreadExecutor(daemon(name + "-commands"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every setting of a checked config file: bike and token, server and TLS trust,
     * outbox, report interval, reconnect and liveness, and the GPS source it names. Add command handlers
     * and listeners, then build; an embedder never copies settings one by one (and so never forgets one).
     */
    public static Builder builder(AgentConfig config) {
        return new Builder()
                .bike(config.bikeId(), config.token())
                .serverUrl(config.serverUrl())
                .outbox(config.bufferPath(), config.outbox())
                .reportInterval(config.reportInterval())
                .reconnect(config.reconnectBase(), config.reconnectCap())
                .liveness(config.pingInterval(), config.pongTimeout())
                .handshakeTimeout(config.handshakeTimeout())
                .tls(config.tls())
                .gps(GpsSources.create(config.gps(), Clock.systemUTC()));
    }

    /** Opens the outbox, starts connecting, and starts the GPS. */
    public void start() throws SQLException {
        runOnWorker(() -> {
            outbox = OutboxFiles.openOrReplace(bufferPath, outboxSettings);
            Logger.info("Outbox {} opened: {} fixes pending, last seq {}, {} dropped", outbox.outboxId(),
                    outbox.depth(), outbox.lastSeq(), outbox.dropped());
            link = new ServerLink(linkSettings, outbox, LinkScheduler.on(worker),
                    new TyrusDialer(linkSettings, client, connector, worker), backoff, new LinkEvents());
            link.start();
            return null;
        });
        NetworkWatcher network = new NetworkWatcher(networkFingerprint);
        long poll = networkPoll.toMillis();
        worker.scheduleWithFixedDelay(() -> {
            if (network.changed()) {
                link.connectivityChanged();
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        gps.start(new GpsListener() {
            @Override
            public void onFix(Fix fix) {
                String problem = FixRules.problems(fix);
                if (problem != null) {
                    Logger.warn("Dropping an implausible fix from {}: {}", gps.describe(), problem);
                    return;
                }
                gpsClock.onFix(fix);
                if (sampler.take(fix)) {
                    lastFix = fix;
                    worker.execute(() -> append(fix));
                }
            }

            @Override
            public void onStatus(GpsStatus status, String detail) {
                Logger.info("GPS {}: {}", status, detail);
                String wire = GpsState.valueOf(status.name()).wireName();
                gpsState = wire;
                worker.execute(() -> link.gpsState(wire));
            }
        });
        Logger.info("Agent for bike {} started; GPS: {}", linkSettings.bikeId(), gps.describe());
    }

    private void append(Fix fix) {
        Position position;
        try {
            position = outbox.append(fix);
        } catch (SQLException e) {
            Logger.error(e, "Could not store a fix in the outbox; it is lost");
            return;
        }
        link.fixAppended(position);
    }

    /**
     * Publishes a reading (battery, lock state, an alarm) through the same durable path as fixes: it is
     * committed to the outbox at once and sent when the server can be reached. Stamped with GPS time.
     */
    public void publish(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        worker.execute(() -> {
            try {
                outbox.appendReading(gpsClock.now(), name, value);
            } catch (SQLException e) {
                Logger.error(e, "Could not store reading {}; it is lost", name);
                return;
            }
            link.readingAppended();
        });
    }

    /** Fixes waiting in the outbox for the server's ack. */
    public long outboxDepth() throws SQLException {
        return runOnWorker(() -> outbox.depth());
    }

    /** A snapshot for technicians (the status command reads it from the status file). */
    public AgentStatus status() throws SQLException {
        long[] outboxNumbers = runOnWorker(() -> new long[] {outbox.depth(), outbox.dropped(), outbox.skipped()});
        return new AgentStatus(linkSettings.bikeId(), linkSettings.endpoint().toString(), connected,
                connectionChangedAt, gpsState, lastFix, outboxNumbers[0], outboxNumbers[1], outboxNumbers[2],
                outbox.previousOutboxId(), outbox.resetReason());
    }

    /** Fixes the outbox has dropped because it was full. */
    public long droppedFixes() throws SQLException {
        return runOnWorker(() -> outbox.dropped());
    }

    /** The report interval now in force (a server command may have changed it). */
    public Duration reportInterval() {
        return sampler.interval();
    }

    /**
     * Keeps the connection state for {@link #status}, tells the embedder's listener, and runs server
     * commands on the command thread, sending their results back through the link on the worker.
     */
    private final class LinkEvents implements LinkListener {
        @Override
        public void onConnected() {
            connected = true;
            connectionChangedAt = java.time.Instant.now();
            listener.onConnected();
        }

        @Override
        public void onDisconnected(String reason, long retryInMillis) {
            if (connected || connectionChangedAt == null) {
                connectionChangedAt = java.time.Instant.now();
            }
            connected = false;
            listener.onDisconnected(reason, retryInMillis);
        }

        @Override
        public void onUnauthorized() {
            listener.onUnauthorized();
        }

        @Override
        public void onAcknowledged(long seq) {
            listener.onAcknowledged(seq);
        }

        @Override
        public void onCommand(Command command) {
            listener.onCommand(command);
            commands.execute(() -> {
                CommandResult result = commandRunner.run(command);
                worker.execute(() -> link.sendCommandResult(result));
            });
        }
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
            worker.shutdownNow();
            connector.shutdownNow();
            commands.shutdownNow();
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

    /**
     * Collects what an agent needs; bike, server URL, GPS and outbox are required. Defaults and ranges are
     * the config file's ({@link AgentKeys}): {@link #build} refuses a value outside its key's range with an
     * {@link InvalidSettingsException} naming every such key.
     */
    public static final class Builder {
        private String bikeId;
        private String token;
        private URI serverUrl;
        private Path bufferPath;
        private OutboxSettings outboxSettings = OutboxSettings.defaults();
        private GpsSource gps;
        private Duration reportInterval = AgentKeys.REPORT_INTERVAL.defaultValue();
        private String agentVersion = AgentVersion.get();
        private int batchSize = 500;
        private int window = 4;
        private Duration handshakeTimeout = AgentKeys.HANDSHAKE_TIMEOUT.defaultValue();
        private Duration stableAfter = Duration.ofSeconds(30);
        private Duration reconnectBase = AgentKeys.RECONNECT_BASE.defaultValue();
        private Duration reconnectCap = AgentKeys.RECONNECT_CAP.defaultValue();
        private Duration pingInterval = AgentKeys.PING_INTERVAL.defaultValue();
        private Duration pongTimeout = AgentKeys.PONG_TIMEOUT.defaultValue();
        private Duration statusEvery = Duration.ofSeconds(60);
        private RandomGenerator random = RandomGenerator.getDefault();
        private SharedClient sharedClient;
        private LinkListener listener = new LinkListener() { };
        private final Map<String, CommandHandler> handlers = new HashMap<>();
        private Supplier<String> networkFingerprint = NetworkWatcher::interfaces;
        private TlsSettings tls = TlsSettings.jvmDefaults();
        private Duration networkPoll = Duration.ofSeconds(5);

        public Builder bike(String id, String secret) {
            this.bikeId = id;
            this.token = secret;
            return this;
        }

        public Builder serverUrl(URI url) {
            this.serverUrl = url;
            return this;
        }

        public Builder outbox(Path file) {
            this.bufferPath = file;
            return this;
        }

        public Builder outbox(Path file, OutboxSettings settings) {
            this.bufferPath = file;
            this.outboxSettings = settings;
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

        /** A connection that stays up this long resets the reconnect backoff (30 s by default). */
        public Builder stableAfter(Duration upFor) {
            this.stableAfter = upFor;
            return this;
        }

        /** How long a connection attempt may take before it is given up and retried with backoff. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** How often to ping, and how long an unanswered ping may wait before the link counts as dead. */
        public Builder liveness(Duration ping, Duration pongDeadline) {
            this.pingInterval = ping;
            this.pongTimeout = pongDeadline;
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

        /** Shares one WebSocket client (and its threads) between several agents in one JVM. */
        public Builder sharedClient(SharedClient shared) {
            this.sharedClient = shared;
            return this;
        }

        public Builder linkListener(LinkListener l) {
            this.listener = l;
            return this;
        }

        /** Handles a server command by name; {@code set-report-interval} is built in. */
        public Builder onCommand(String name, CommandHandler handler) {
            this.handlers.put(name, handler);
            return this;
        }

        /** Which certificate authorities to trust for wss:// (a fleet's private CA). */
        public Builder tls(TlsSettings trust) {
            this.tls = trust;
            return this;
        }

        /** Where connectivity changes are read from, and how often. */
        public Builder network(Supplier<String> fingerprint, Duration poll) {
            this.networkFingerprint = fingerprint;
            this.networkPoll = poll;
            return this;
        }

        public BikeAgent build() {
            Objects.requireNonNull(bikeId, "bike id");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(serverUrl, "server URL");
            Objects.requireNonNull(bufferPath, "outbox file");
            Objects.requireNonNull(gps, "GPS source");
            // The same keys, ranges and messages as the config file's, so an embedder cannot set what a file may not.
            List<KeyProblem> problems = new ArrayList<>();
            AgentKeys.BIKE_ID.check(bikeId, problems);
            AgentKeys.REPORT_INTERVAL.check(reportInterval, problems);
            AgentKeys.RECONNECT_BASE.check(reconnectBase, problems);
            AgentKeys.RECONNECT_CAP.check(reconnectCap, problems);
            AgentKeys.checkReconnect(reconnectBase, reconnectCap, problems);
            AgentKeys.PING_INTERVAL.check(pingInterval, problems);
            AgentKeys.PONG_TIMEOUT.check(pongTimeout, problems);
            AgentKeys.HANDSHAKE_TIMEOUT.check(handshakeTimeout, problems);
            InvalidSettingsException.throwIfAny(problems);
            return new BikeAgent(this);
        }
    }
}
