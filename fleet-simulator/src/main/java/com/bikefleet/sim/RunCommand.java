package com.bikefleet.sim;

import com.google.gson.GsonBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.tinylog.Logger;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs virtual bikes and/or listeners in this JVM for a while, drains, checks loss against the server's
 * store, and writes a result file. Several of these processes (bikes split over some, listeners in
 * another) make one scenario; {@code report} merges their results.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Run virtual bikes (from a provision-batch token file) and /ws/live listeners against a server.",
        "Exit status: 0, or 1 when a sent fix was not acknowledged and stored exactly once."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "The server's base URL, e.g. http://127.0.0.1:8080.")
    URI server;

    @Option(names = "--tokens", description = "Bike ids and tokens, as 'bike-server provision-batch' writes them.")
    Path tokens;

    @Option(names = "--bikes", defaultValue = "-1", description = "Virtual bikes to run, from --bike-offset (default: all in --tokens).")
    int bikes;

    @Option(names = "--bike-offset", defaultValue = "0", description = "Index of the first bike of this process in --tokens.")
    int bikeOffset;

    @Option(names = "--interval", defaultValue = "10s", description = "Time between a bike's fixes (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--backlog", defaultValue = "0", description = "Fixes each bike holds at start, one a second ending now: a day is 86400.")
    long backlog;

    @Option(names = "--apps", defaultValue = "0", description = "Customer apps: app i watches the box round bike i's loop.")
    int apps;

    @Option(names = "--app-offset", defaultValue = "0", description = "Index of the bike the first app rents.")
    int appOffset;

    @Option(names = "--dashboards", defaultValue = "0", description = "Operator dashboards subscribed to every bike.")
    int dashboards;

    @Option(names = "--api-token-file", description = "File holding an API token: listeners and the loss check need one.")
    Path apiTokenFile;

    @Option(names = "--duration", defaultValue = "60s", description = "How long bikes report after the ramp (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--ramp", defaultValue = "10s", description = "Bikes and listeners start spread over this time.")
    Duration ramp;

    @Option(names = "--warmup", defaultValue = "5s", description = "After the ramp, latencies are not counted in the totals for this long.")
    Duration warmup;

    @Option(names = "--expect-bikes", defaultValue = "0",
            description = "Measure only once the server's /metrics shows this many bikes connected (all processes' bikes).")
    int expectBikes;

    @Option(names = "--connect-timeout", defaultValue = "900s", description = "How long to wait for --expect-bikes.")
    Duration connectTimeout;

    @Option(names = "--drain-timeout", defaultValue = "120s", description = "How long to wait for every fix to be acknowledged at the end.")
    Duration drainTimeout;

    @Option(names = "--source-address", split = ",", description = "Local addresses to connect from, round robin (e.g. 127.0.0.2,127.0.0.3).")
    List<String> sourceAddresses = new ArrayList<>();

    /** How bikes and listeners are simulated; see {@link SimFleet}. */
    enum Mode { agent, lean }

    @Option(names = "--mode", defaultValue = "agent", description = "agent: each bike runs the agent's real link"
            + " code; lean: precomputed frames on --threads selector threads, for the big scenarios (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--threads", defaultValue = "4", description = "Scheduler threads shared by all virtual bikes"
            + " (lean mode: selector threads for every connection).")
    int threads;

    @Option(names = "--connectors", defaultValue = "32", description = "Threads for blocking connection handshakes.")
    int connectors;

    @Option(names = "--reconnect-base", defaultValue = "1s", description = "The agent's backoff base (agent default 1s).")
    Duration reconnectBase;

    @Option(names = "--reconnect-cap", defaultValue = "20s", description = "The agent's backoff cap (agent default 20s).")
    Duration reconnectCap;

    @Option(names = "--handshake-timeout", defaultValue = "10s", description = "The agent's handshake timeout.")
    Duration handshakeTimeout;

    @Option(names = "--batch-size", defaultValue = "500", description = "Fixes per backlog batch (agent default 500).")
    int batchSize;

    @Option(names = "--window", defaultValue = "4", description = "Backlog batches in flight (agent default 4).")
    int window;

    @Option(names = "--metrics-url", split = ",",
            description = "Base URLs of every server instance, whose /metrics are summed for --expect-bikes and sampling "
                    + "(default: --server; give each instance's own when --server is a load balancer).")
    List<URI> metricsUrls = new ArrayList<>();

    @Option(names = "--server-pid-file", description = "Sample the server process(es) in this file, one pid per line "
            + "(CPU, RSS, heap: summed), and their /metrics, every second.")
    Path serverPidFile;

    @Option(names = "--no-loss-check", description = "Skip the end-of-run check against the server's store.")
    boolean noLossCheck;

    @Option(names = "--role", defaultValue = "sim", description = "A name for this process in the report.")
    String role;

    @Option(names = "--out", required = true, description = "Where to write this process's result (JSON).")
    Path out;

    @Option(names = "--log-level", defaultValue = "warn", description = "tinylog level (default: ${DEFAULT-VALUE}).")
    String logLevel;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        configureLogging();
        String loadStart = loadAverage();
        long startedAt = clock.millis();
        List<BikeCredential> fleet = tokens == null ? List.of() : BikeCredential.read(tokens);
        int bikeCount = bikes < 0 ? Math.max(0, fleet.size() - bikeOffset) : bikes;
        if (bikeOffset + bikeCount > fleet.size()) {
            System.err.println("--bike-offset " + bikeOffset + " + --bikes " + bikeCount + " is more than the "
                    + fleet.size() + " bikes in " + tokens);
            return 2;
        }
        String apiToken = apiTokenFile == null ? null : Files.readString(apiTokenFile).trim();
        if ((apps > 0 || dashboards > 0) && apiToken == null) {
            System.err.println("listeners need --api-token-file");
            return 2;
        }
        if (backlog > 0 && interval.isZero()) {
            System.err.println("--interval must be positive");
            return 2;
        }

        FleetStats stats = new FleetStats();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("sampler"));
        SimFleet simFleet = mode == Mode.lean ? new LeanFleet(this, fleet, bikeCount, apiToken, stats)
                : new AgentFleet(this, fleet, bikeCount, apiToken, stats, clock);

        SeriesSampler series = new SeriesSampler(stats, clock);
        ServerSampler serverSampler = serverPidFile == null ? null
                : new ServerSampler(serverPidFile, metricsBases(), clock, 5);
        boolean[] measuring = {false};
        sampler.scheduleAtFixedRate(() -> {
            try {
                series.sample(measuring[0]);
                if (serverSampler != null) {
                    serverSampler.sample();
                }
            } catch (RuntimeException e) {
                Logger.error(e, "Sampling failed");
            }
        }, 1, 1, TimeUnit.SECONDS);

        System.out.printf("%s: %d bikes (a fix every %d ms, backlog %d each), %d apps, %d dashboards, %s, %s mode%n",
                role, bikeCount, interval.toMillis(), backlog, apps, dashboards, server, mode);
        // Listeners first, so they see the bikes' first fixes; both spread over the ramp.
        simFleet.start(ramp.toMillis());
        awaitFleet(stats);
        awaitRampBacklogDrained(stats, simFleet.bikes());
        Thread.sleep(warmup.toMillis());
        long measureFrom = clock.millis();
        Optional<Duration> cpuFrom = ownCpuTime();
        measuring[0] = true;
        simFleet.measureBikes(true);
        simFleet.measureListeners(true);
        progress(stats, duration);
        long measureTo = clock.millis();
        Double cpuPercent = cpuPercent(cpuFrom, ownCpuTime(), measureTo - measureFrom);
        simFleet.stopReporting();
        boolean drained = drain(stats, simFleet);
        // Listeners get the last fixes a batch interval after their acks.
        Thread.sleep(1_000);
        measuring[0] = false;
        series.sample(true);
        simFleet.measureListeners(false);

        List<LossAccounting.Ledger> ledgers = simFleet.ledgers();
        long sent = ledgers.stream().mapToLong(LossAccounting.Ledger::lastSeq).sum();
        long acked = ledgers.stream().mapToLong(LossAccounting.Ledger::ackedSeq).sum();
        RunResult.LossReport loss;
        if (noLossCheck || apiToken == null || ledgers.isEmpty()) {
            loss = RunResult.LossReport.notChecked(ledgers.size(), sent, acked);
        } else {
            System.out.printf("%s: checking %d bikes against the server's store%n", role, ledgers.size());
            loss = LossAccounting.account(ledgers, new GapsClient(server, apiToken).fetch(ledgers, 8));
        }
        simFleet.close();
        sampler.shutdownNow();

        Histogram ackTotal = series.ackTotal();
        Histogram listenerTotal = series.listenerTotal();
        RunResult result = new RunResult(role, settings(bikeCount), startedAt, measureFrom, measureTo, clock.millis(),
                new RunResult.Totals(bikeCount, simFleet.listeners(), stats.sent.sum(), stats.acked.sum(),
                        stats.delivered.sum(), stats.bikeReconnects.sum(), stats.listenerReconnects.sum(),
                        stats.listenerErrors.sum(), stats.pending.sum()),
                Histograms.encode(ackTotal), Histograms.encode(listenerTotal), series.points(),
                serverSampler == null ? List.of() : serverSampler.points(), loss, loadStart, loadAverage(), cpuPercent);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, new GsonBuilder().create().toJson(result));
        System.out.printf("%s: sent %d, acked %d, delivered to listeners %d, bike reconnects %d; ack p99 %.1f ms,"
                        + " listener p99 %.1f ms; %s%n", role, sent, acked, stats.delivered.sum(),
                stats.bikeReconnects.sum(), ackTotal.getValueAtPercentile(99) / 1000.0,
                listenerTotal.getValueAtPercentile(99) / 1000.0,
                loss.checked() ? "lost " + loss.lost() + ", extra " + loss.extra() + ", bikes with loss "
                        + loss.bikesWithLoss() : "loss not checked");
        loss.examples().forEach(e -> System.out.println("  " + e));
        boolean failed = !drained || (loss.checked() && (loss.lost() > 0 || loss.extra() > 0 || loss.bikesWithLoss() > 0));
        return failed ? 1 : 0;
    }

    private void progress(FleetStats stats, Duration length) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long lastSent = stats.sent.sum();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long sentNow = stats.sent.sum();
            System.out.printf("%s: bikes connected %d, listeners %d, sent %d (+%d), acked %d, pending %d,"
                            + " delivered %d, reconnects %d%n", role, stats.connectedBikes.get(),
                    stats.connectedListeners.get(), sentNow, sentNow - lastSent, stats.acked.sum(),
                    stats.pending.sum(), stats.delivered.sum(), stats.bikeReconnects.sum());
            lastSent = sentNow;
        }
    }

    private List<URI> metricsBases() {
        return metricsUrls.isEmpty() ? List.of(server) : metricsUrls;
    }

    /** Waits until the server counts {@code --expect-bikes} bikes connected (or the connect timeout passes). */
    private void awaitFleet(FleetStats stats) throws InterruptedException {
        if (expectBikes <= 0) {
            return;
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                Long connected = null;
                for (URI base : metricsBases()) {
                    String text = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    Long count = ServerSampler.gauge(text, "bikefleet_connected_bikes");
                    connected = count == null ? connected : (connected == null ? 0 : connected) + count;
                }
                if (connected != null && connected >= expectBikes) {
                    System.out.printf("%s: %d bikes connected at the server; measuring%n", role, connected);
                    return;
                }
                if (connected != null && connected / 1000 != last / 1000) {
                    System.out.printf("%s: %d of %d bikes connected at the server%n", role, connected, expectBikes);
                    last = connected;
                }
            } catch (java.io.IOException e) {
                Logger.debug("Reading /metrics failed: {}", e.toString());
            }
            Thread.sleep(1_000);
        }
        System.out.printf("%s: only %d of %d bikes connected within %d s; measuring anyway%n", role,
                stats.connectedBikes.get(), expectBikes, connectTimeout.toSeconds());
    }

    /**
     * Waits until the fixes that queued in this process's outboxes while the fleet was still connecting
     * are acknowledged (at most one fix per ten bikes unacknowledged), so that measuring starts in the
     * steady state the scenario describes: a live fix sent behind its bike's ramp backlog is acknowledged
     * only after that backlog (cumulative acks), which would count the ramp, not the steady state.
     */
    private void awaitRampBacklogDrained(FleetStats stats, int bikes) throws InterruptedException {
        long allowed = bikes / 10 + 10;
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        long start = System.nanoTime();
        while (stats.pending.sum() > allowed && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("%s: ramp backlog drained in %.1f s (%d fixes unacknowledged); measuring%n", role,
                (System.nanoTime() - start) / 1e9, stats.pending.sum());
    }

    /** Waits until every sent fix is acknowledged; false when the drain timeout passes first. */
    private boolean drain(FleetStats stats, SimFleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (fleet.allAcknowledged()) {
                return true;
            }
            Thread.sleep(200);
        }
        System.out.printf("%s: %d fixes still unacknowledged after %d s%n", role, stats.pending.sum(),
                drainTimeout.toSeconds());
        return false;
    }

    interface Starter {
        void start(int n);
    }

    static void startSpread(int count, long overMillis, Starter starter) throws InterruptedException {
        long begin = System.nanoTime();
        for (int n = 0; n < count; n++) {
            long due = begin + overMillis * 1_000_000L * n / Math.max(1, count);
            long wait = (due - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            starter.start(n);
        }
    }

    private Map<String, String> settings(int bikeCount) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("server", server.toString());
        s.put("bikes", Integer.toString(bikeCount));
        s.put("bikeOffset", Integer.toString(bikeOffset));
        s.put("intervalMs", Long.toString(interval.toMillis()));
        s.put("backlog", Long.toString(backlog));
        s.put("apps", Integer.toString(apps));
        s.put("dashboards", Integer.toString(dashboards));
        s.put("durationS", Long.toString(duration.toSeconds()));
        s.put("rampS", Long.toString(ramp.toSeconds()));
        s.put("warmupS", Long.toString(warmup.toSeconds()));
        s.put("sourceAddresses", String.join(",", sourceAddresses));
        s.put("threads", Integer.toString(threads));
        s.put("mode", mode.name());
        s.put("reconnect", reconnectBase.toMillis() + "ms.." + reconnectCap.toMillis() + "ms");
        return s;
    }

    private void configureLogging() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("writer", "console");
        p.put("writer.stream", "err");
        p.put("writer.format", "{date: HH:mm:ss.SSS} {level} [{thread}] {class-name}: {message}");
        p.put("level", logLevel);
        p.put("level@org.glassfish", "error");
        Configuration.replace(p);
    }

    /** CPU time of this whole process, all threads (Linux: /proc/self/stat). */
    private static Optional<Duration> ownCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration();
    }

    static Double cpuPercent(Optional<Duration> from, Optional<Duration> to, long wallMillis) {
        if (from.isEmpty() || to.isEmpty() || wallMillis <= 0) {
            return null;
        }
        return Math.round(1000.0 * to.get().minus(from.get()).toMillis() / wallMillis) / 10.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
