package com.bikefleet.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * Samples the server: CPU % and RSS from /proc/PID, heap from {@code jcmd PID GC.heap_info} (every few
 * samples; an attach costs), connections from {@code /metrics}. With several instances the pid file holds
 * one pid per line and several metrics endpoints are given: CPU, RSS, heap and the gauges are the sums
 * over all of them. The pids are re-read from the file on each sample, so a restarted server is followed.
 * Owned by one scheduler thread.
 */
final class ServerSampler {

    private static final long CLOCK_TICKS = 100;
    // G1 and Parallel print "total NK, used NK"; Shenandoah "384M committed, 80852K used".
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K|committed, (\\d+)([KMG]) used");

    private final Path pidFile;
    private final List<URI> metrics;
    private final Clock clock;
    private final int heapEvery;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<RunResult.ServerPoint> points = new ArrayList<>();
    // Per pid: the CPU ticks and time of its previous sample.
    private final Map<Long, long[]> last = new HashMap<>();
    private int samples;

    /** @param servers the base URLs whose {@code /metrics} are summed (each instance's own, not a balancer's) */
    ServerSampler(Path pidFile, List<URI> servers, Clock clock, int heapEvery) {
        this.pidFile = pidFile;
        this.metrics = servers.stream().map(server -> server.resolve("/metrics")).toList();
        this.clock = clock;
        this.heapEvery = heapEvery;
    }

    synchronized void sample() {
        List<Long> pids = readPids();
        boolean heapNow = samples++ % heapEvery == 0;
        Double cpu = null;
        Long rss = null;
        Long heap = null;
        Map<Long, long[]> seen = new HashMap<>();
        for (long pid : pids) {
            long ticks = cpuTicks(pid);
            long now = System.nanoTime();
            long[] before = last.get(pid);
            if (ticks >= 0) {
                seen.put(pid, new long[] {ticks, now});
                if (before != null) {
                    double seconds = (now - before[1]) / 1e9;
                    if (seconds > 0) {
                        cpu = (cpu == null ? 0 : cpu) + 100.0 * (ticks - before[0]) / CLOCK_TICKS / seconds;
                    }
                }
            }
            rss = plus(rss, rssKb(pid));
            if (heapNow) {
                heap = plus(heap, heapUsedKb(pid));
            }
        }
        last.clear();
        last.putAll(seen);
        Long bikes = null;
        Long listeners = null;
        for (URI uri : metrics) {
            String text = metricsText(uri);
            bikes = plus(bikes, gauge(text, "bikefleet_connected_bikes"));
            listeners = plus(listeners, gauge(text, "bikefleet_listeners"));
        }
        points.add(new RunResult.ServerPoint(clock.millis(), cpu, rss, heap, bikes, listeners));
    }

    /** The sum so far plus a value; a missing value (null) leaves the sum as it was, null included. */
    static Long plus(Long sum, Long value) {
        if (value == null) {
            return sum;
        }
        return sum == null ? value : Long.valueOf(sum + value);
    }

    synchronized List<RunResult.ServerPoint> points() {
        return List.copyOf(points);
    }

    private List<Long> readPids() {
        try {
            List<Long> pids = new ArrayList<>();
            for (String line : Files.readAllLines(pidFile)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
            return pids;
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            Logger.debug("No RSS for {}: {}", pid, e.toString());
        }
        return null;
    }

    private static Long heapUsedKb(long pid) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(10, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return null;
            }
            return heapUsedKb(out);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The used heap in KB from {@code jcmd PID GC.heap_info}'s output, or null when it has none. */
    static Long heapUsedKb(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (!m.find()) {
            return null;
        }
        if (m.group(1) != null) {
            return Long.parseLong(m.group(1));
        }
        long value = Long.parseLong(m.group(2));
        return switch (m.group(3)) {
            case "G" -> value * 1024 * 1024;
            case "M" -> value * 1024;
            default -> value;
        };
    }

    private String metricsText(URI metrics) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static Long gauge(String metricsText, String name) {
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                try {
                    return (long) Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
