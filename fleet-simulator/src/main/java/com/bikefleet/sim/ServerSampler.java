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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * Samples the server process: CPU % and RSS from /proc/PID, heap from {@code jcmd PID GC.heap_info}
 * (every few samples; an attach costs), connections from {@code /metrics}. The pid is re-read from its
 * file on each sample, so a restarted server is followed. Owned by one scheduler thread.
 */
final class ServerSampler {

    private static final long CLOCK_TICKS = 100;
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final Path pidFile;
    private final URI metrics;
    private final Clock clock;
    private final int heapEvery;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<RunResult.ServerPoint> points = new ArrayList<>();
    private long lastPid = -1;
    private long lastTicks;
    private long lastAtNanos;
    private int samples;

    ServerSampler(Path pidFile, URI server, Clock clock, int heapEvery) {
        this.pidFile = pidFile;
        this.metrics = server.resolve("/metrics");
        this.clock = clock;
        this.heapEvery = heapEvery;
    }

    synchronized void sample() {
        long pid = readPid();
        Double cpu = null;
        Long rss = null;
        Long heap = null;
        if (pid > 0) {
            long ticks = cpuTicks(pid);
            long now = System.nanoTime();
            if (ticks >= 0 && pid == lastPid) {
                double seconds = (now - lastAtNanos) / 1e9;
                cpu = seconds > 0 ? 100.0 * (ticks - lastTicks) / CLOCK_TICKS / seconds : null;
            }
            lastPid = ticks >= 0 ? pid : -1;
            lastTicks = ticks;
            lastAtNanos = now;
            rss = rssKb(pid);
            if (samples++ % heapEvery == 0) {
                heap = heapUsedKb(pid);
            }
        }
        String text = metricsText();
        points.add(new RunResult.ServerPoint(clock.millis(), cpu, rss, heap, gauge(text, "bikefleet_connected_bikes"),
                gauge(text, "bikefleet_listeners")));
    }

    synchronized List<RunResult.ServerPoint> points() {
        return List.copyOf(points);
    }

    private long readPid() {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
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
            Matcher m = HEAP_USED.matcher(out);
            return m.find() ? Long.parseLong(m.group(2)) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String metricsText() {
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
