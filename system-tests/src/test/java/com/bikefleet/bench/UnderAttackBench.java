package com.bikefleet.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Load client of bench/under-attack.sh (a benchmark, not a test): a fleet of good bikes, each sending one live
 * fix a second on the JDK's WebSocket client, first alone (the baseline), then while attackers in other threads
 * of this JVM hit the same server: (a) upgrades that must be refused, (b) idle and slowloris sockets, (c) the
 * attacker bike's oversized and binary frames, (d) a second attacker bike flooding unknown types without ever
 * reading. Prints per phase the good fixes sent and acknowledged, the send-to-ack latency, the server's CPU and
 * RSS, and the attack counters; writes {@code bikeId sent acked} per good bike for the script's database check.
 * Exits 1 when a good bike lost a fix or its connection, an attacker upgrade was answered 101, or the server died.
 *
 * <p>Arguments: {@code PORT GOOD_TOKENS ATTACKER_TOKENS BASELINE_SECONDS ATTACK_SECONDS EXPECTED_OUT}; token files
 * hold {@code bikeId token} lines, the attacker file two (one bike for (c), one for (d): a bike has one connection,
 * so (c)'s reconnects would otherwise replace (d)'s). System properties: {@code bench.serverPid},
 * {@code bench.requestTimeoutMillis} (10000), {@code bench.maxFrameBytes} (262144), {@code bench.upgradesPerSecond}
 * (200), {@code bench.idleSockets} (1000), {@code bench.slowSockets} (200), {@code bench.slowDripMillis} (2000),
 * {@code bench.badFramesPerSecond} (20), {@code bench.floodPerSecond} (100).
 */
public final class UnderAttackBench {

    private static final String[] PHASES = {"baseline", "attack"};
    private static final long ACK_WAIT_SECONDS = 30;
    /** The server's CPU time when last read: a server that died has no /proc entry to read at a phase's end. */
    private static final AtomicLong lastServerTicks = new AtomicLong();

    /** Latencies and counts of the fixes sent in one phase; the server's figures at its end. */
    private static final class Phase {
        final String name;
        final AtomicLong sent = new AtomicLong();
        final List<Long> latencies = new ArrayList<>();
        long wallNanos;
        long serverTicks;
        long benchTicks;
        long machineTicks;
        long serverRssKb;
        long serverFiles;
        volatile long peakRssKb;
        volatile long peakFiles;
        volatile long peakBenchFiles;

        Phase(String name) {
            this.name = name;
        }

        synchronized void acked(long latencyNanos) {
            latencies.add(latencyNanos);
        }

        synchronized long[] sortedLatencies() {
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String[]> good = tokens(Path.of(args[1]));
        List<String[]> attackers = tokens(Path.of(args[2]));
        long baselineSeconds = Long.parseLong(args[3]);
        long attackSeconds = Long.parseLong(args[4]);
        Path expectedOut = Path.of(args[5]);
        ProcStats server = new ProcStats(System.getProperty("bench.serverPid"));
        ProcStats self = ProcStats.self();
        int requestTimeoutMillis = Integer.getInteger("bench.requestTimeoutMillis", 10_000);
        int maxFrameBytes = Integer.getInteger("bench.maxFrameBytes", 262_144);

        Phase[] phases = {new Phase(PHASES[0]), new Phase(PHASES[1])};
        AtomicInteger current = new AtomicInteger(); // the phase fixes are sent in; 2 = stop sending
        List<GoodBike> bikes = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < good.size(); i++) {
            GoodBike bike = new GoodBike(good.get(i)[0], i, (phase, nanos) -> phases[phase].acked(nanos));
            bike.open(client, port, good.get(i)[1]);
            bikes.add(bike);
        }
        System.out.printf("%d good bikes connected, each sending one live fix a second; %d s baseline, %d s attack%n",
                bikes.size(), baselineSeconds, attackSeconds);

        // The fixes of the fleet are spread over each second, as a real fleet's are.
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        for (int i = 0; i < bikes.size(); i++) {
            GoodBike bike = bikes.get(i);
            senders.scheduleAtFixedRate(() -> {
                int phase = current.get();
                if (phase < phases.length) {
                    phases[phase].sent.incrementAndGet();
                    bike.sendFix(phase);
                }
            }, i * 1000L / bikes.size(), 1000, TimeUnit.MILLISECONDS);
        }
        AtomicLong attackStart = new AtomicLong();
        AtomicLong serverGoneAt = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            if (server.alive()) {
                lastServerTicks.set(server.cpuTicks());
            } else if (serverGoneAt.get() == 0) {
                serverGoneAt.set(System.nanoTime());
            }
            int phase = current.get();
            if (phase < phases.length) {
                phases[phase].peakRssKb = Math.max(phases[phase].peakRssKb, server.rssKb());
                phases[phase].peakFiles = Math.max(phases[phase].peakFiles, server.openFiles());
                phases[phase].peakBenchFiles = Math.max(phases[phase].peakBenchFiles, self.openFiles());
            }
        }, 0, 500, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        long[] ticks = {server.cpuTicks(), self.cpuTicks(), machineBusyTicks()};
        TimeUnit.SECONDS.sleep(baselineSeconds);
        ticks = endPhase(phases[0], start, ticks, server, self);

        String goodId = good.get(0)[0];
        List<String> goodIds = good.stream().map(line -> line[0]).toList();
        UpgradeFlood upgrades = new UpgradeFlood(port, goodIds, attackers.get(0)[0], attackers.get(0)[1]);
        HeldSockets held = new HeldSockets(port, "/ws/bikes/" + goodId, Integer.getInteger("bench.idleSockets", 1000),
                Integer.getInteger("bench.slowSockets", 200), requestTimeoutMillis,
                Integer.getInteger("bench.slowDripMillis", 2000));
        FrameAbuse frames = new FrameAbuse(port, attackers.get(0)[0], attackers.get(0)[1], maxFrameBytes,
                Math.max(1, Integer.getInteger("bench.badFramesPerSecond", 20)));
        UnreadFlood flood = new UnreadFlood(port, attackers.get(1)[0], attackers.get(1)[1],
                Math.max(1, Integer.getInteger("bench.floodPerSecond", 100)));
        current.set(1);
        start = System.nanoTime();
        attackStart.set(start);
        // A rate or count of 0 leaves that attacker out, to tell the attacks' effects apart.
        if (Integer.getInteger("bench.upgradesPerSecond", 200) > 0) {
            upgrades.start(Integer.getInteger("bench.upgradesPerSecond", 200), 8);
        }
        held.start();
        if (Integer.getInteger("bench.badFramesPerSecond", 20) > 0) {
            frames.start();
        }
        if (Integer.getInteger("bench.floodPerSecond", 100) > 0) {
            flood.start();
        }
        TimeUnit.SECONDS.sleep(attackSeconds);
        current.set(2);
        endPhase(phases[1], start, ticks, server, self);
        long attackNanos = phases[1].wallNanos;
        upgrades.stop();
        held.stop();
        frames.stop();
        flood.stop();
        senders.shutdown();
        sampler.shutdown();

        // Fixes sent at the end of the attack are acknowledged after it: wait for them.
        long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_WAIT_SECONDS);
        while (System.nanoTime() < ackDeadline && !bikes.stream().allMatch(b -> b.allAcked() || b.disconnected() != null)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }

        printPhases(phases);
        boolean failed = printGoodFleet(bikes, expectedOut);
        failed |= printAttacks(upgrades, held, frames, flood, attackNanos, requestTimeoutMillis);
        if (serverGoneAt.get() != 0) {
            System.out.printf("%nserver GONE: it had died %.1f s into the attack (its CPU above is up to then)%n",
                    (serverGoneAt.get() - attackStart.get()) / 1e9);
        } else {
            System.out.printf("%nserver %s at the end%n", server.alive() ? "still running" : "GONE");
        }
        if (!server.alive()) {
            failed = true;
        }
        for (GoodBike bike : bikes) {
            bike.close();
        }
        System.out.println(failed ? "bench client: FAIL" : "bench client: PASS");
        System.exit(failed ? 1 : 0);
    }

    private static List<String[]> tokens(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> l.strip().split("\\s+")).toList();
    }

    /** Records the phase's server and client figures; returns the tick counters for the next phase. */
    private static long[] endPhase(Phase phase, long start, long[] ticks, ProcStats server, ProcStats self) {
        long[] now = {server.alive() ? server.cpuTicks() : lastServerTicks.get(), self.cpuTicks(), machineBusyTicks()};
        phase.wallNanos = System.nanoTime() - start;
        phase.serverTicks = now[0] - ticks[0];
        phase.benchTicks = now[1] - ticks[1];
        phase.machineTicks = now[2] - ticks[2];
        phase.serverRssKb = server.rssKb();
        phase.serverFiles = server.openFiles();
        phase.peakRssKb = Math.max(phase.peakRssKb, phase.serverRssKb);
        phase.peakFiles = Math.max(phase.peakFiles, phase.serverFiles);
        return now;
    }

    private static void printPhases(Phase[] phases) {
        System.out.printf("%n%-9s %6s %7s %7s %8s %8s %9s %9s %8s %10s %11s %9s %10s %10s%n", "phase", "s", "sent",
                "acked", "p50 ms", "p99 ms", "max ms", "server %", "bench %", "machine %", "server RSS", "peak RSS",
                "server fds", "bench fds");
        for (Phase phase : phases) {
            long[] sorted = phase.sortedLatencies();
            double seconds = phase.wallNanos / 1e9;
            System.out.printf("%-9s %6.1f %7d %7d %8.2f %8.2f %9.2f %9.0f %8.0f %10.0f %11s %6d MB %10d %10d%n",
                    phase.name, seconds, phase.sent.get(), sorted.length, percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6, sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                    percent(phase.serverTicks, seconds), percent(phase.benchTicks, seconds),
                    percent(phase.machineTicks, seconds),
                    phase.serverRssKb < 0 ? "gone" : phase.serverRssKb / 1024 + " MB", phase.peakRssKb / 1024,
                    phase.peakFiles, phase.peakBenchFiles);
        }
        System.out.println("(latency: send of a one-fix live positions to its ack, for the fixes sent in the phase;"
                + " server %, bench %: CPU time of the server / this client JVM over the phase, % of one core;"
                + " machine %: all CPU time of the machine, % of one core, 200 = both cores busy;"
                + " server RSS at the phase's end, and its peak; fds: the most descriptors the server and this client"
                + " held open; peaks sampled every 0.5 s)");
    }

    private static double percent(long ticks, double seconds) {
        return ticks < 0 ? Double.NaN : 100.0 * ticks / ProcStats.CLOCK_TICKS_PER_SECOND / seconds;
    }

    /** Writes {@code bikeId sent acked} lines; prints and returns whether a good bike lost anything. */
    private static boolean printGoodFleet(List<GoodBike> bikes, Path expectedOut) throws IOException {
        List<String> lines = new ArrayList<>();
        long sent = 0;
        long acked = 0;
        List<String> problems = new ArrayList<>();
        for (GoodBike bike : bikes) {
            lines.add(bike.bikeId() + " " + bike.sent() + " " + bike.acked());
            sent += bike.sent();
            acked += bike.acked();
            if (bike.disconnected() != null) {
                problems.add(bike.bikeId() + " " + bike.disconnected());
            } else if (bike.acked() != bike.sent()) {
                problems.add(bike.bikeId() + " sent " + bike.sent() + " but has " + bike.acked() + " acked");
            }
            if (bike.unexpected() != null) {
                problems.add(bike.bikeId() + " got " + bike.unexpected());
            }
        }
        Files.write(expectedOut, lines);
        System.out.printf("%ngood fleet: %d bikes, %d fixes sent, %d acknowledged (highest acked seq summed), %d"
                + " bikes disconnected or unacknowledged%n", bikes.size(), sent, acked, problems.size());
        problems.stream().limit(10).forEach(p -> System.out.println("  FAIL " + p));
        return !problems.isEmpty();
    }

    /** Prints what each attacker saw; returns whether an attacker got in where it must not. */
    private static boolean printAttacks(UpgradeFlood upgrades, HeldSockets held, FrameAbuse frames,
                                        UnreadFlood flood, long attackNanos, int requestTimeoutMillis) {
        double seconds = attackNanos / 1e9;
        System.out.printf("%n(a) refused upgrades: %d attempts (%.0f/s), statuses by kind:%n", upgrades.attempts(),
                upgrades.attempts() / seconds);
        if (upgrades.attempts() > 0) {
            upgrades.statuses().forEach((kind, statuses) -> System.out.printf("    %-52s %s%n", kind, statuses));
        }
        if (upgrades.switched() > 0) {
            System.out.printf("    FAIL: %d attacker upgrades were answered 101 Switching Protocols%n",
                    upgrades.switched());
        }

        System.out.printf("(b) sockets that never finish a request (deadline %d ms; on time = closed by the server"
                + " within it + %d ms):%n", requestTimeoutMillis, TimeUnit.NANOSECONDS.toMillis(HeldSockets.GRACE_NANOS));
        boolean overdue = false;
        for (HeldSockets.Report r : List.of(held.idle(), held.slow())) {
            System.out.printf("    %-9s opened %d, closed by the server %d (on time %d, early %d, late %d), lifetime"
                            + " p50 %d ms max %d ms, answered with bytes %d, still open at the end %d (past the"
                            + " deadline %d), connect failures %d%n", r.kind, r.opened, r.closed(), r.closedOnTime,
                    r.closedEarly, r.closedLate, r.lifetimePercentile(0.5), r.lifetimePercentile(1.0), r.answered,
                    r.stillOpenYoung + r.stillOpenOverdue, r.stillOpenOverdue, r.connectFailed);
            overdue |= r.stillOpenOverdue > 0 || r.closedLate > 0;
        }
        if (overdue) {
            // Reported, not failed: on a shared machine a sweep can run late; the exit criteria are the fleet's.
            System.out.println("    WARNING: sockets outlived the request deadline");
        }

        System.out.printf("(c) attacker bike's bad frames: %d connections (%.1f/s); close codes: over the limit: %s;"
                        + " binary: %s; upgrades not let in: %s%n", frames.connections(), frames.connections() / seconds,
                frames.oversizeCloses(), frames.binaryCloses(), frames.refusedUpgrades());

        System.out.printf("(d) attacker bike flooding %d-%d KB unknown types, never reading: %d connection(s)%n",
                UnreadFlood.MIN_FRAME / 1024, UnreadFlood.MAX_FRAME / 1024, flood.lives().size());
        List<UnreadFlood.Life> lives = flood.lives();
        long first = lives.isEmpty() ? 0 : lives.get(0).openedNanos;
        for (UnreadFlood.Life life : lives.subList(0, Math.min(lives.size(), 10))) {
            System.out.printf("    opened at %.1f s: %d frames, %.1f MB sent; %s%n", (life.openedNanos - first) / 1e9,
                    life.frames, life.bytes / 1e6, life.end == null ? "?" : life.endedNanos == 0 ? life.end
                            : String.format("ended after %.1f s, %s", (life.endedNanos - life.openedNanos) / 1e9, life.end));
        }
        UnreadFlood.Drained drained = flood.drained();
        if (drained != null) {
            System.out.printf("    read afterwards from the open connection in %d ms: %d frames (%d large errors),"
                    + " %.1f MB, close: %s%n", drained.millis(), drained.frames(), drained.errors(),
                    drained.bytes() / 1e6, drained.close());
        }
        if (!flood.refused().isEmpty()) {
            System.out.println("    upgrades that failed: " + flood.refused().stream().distinct()
                    .collect(Collectors.joining("; ")));
        }
        return upgrades.switched() > 0;
    }

    /** Busy CPU time of the whole machine (user+nice+system+irq+softirq+steal), in clock ticks. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private UnderAttackBench() {
    }
}
