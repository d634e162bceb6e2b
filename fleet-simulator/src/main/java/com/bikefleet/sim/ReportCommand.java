package com.bikefleet.sim;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Merges the results of a scenario's simulator processes into one report: {@code result.json},
 * {@code summary.md} and PNG charts of latency, connections, throughput and the server over time.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = {
        "Merge simulator results into result.json, summary.md and PNG charts.",
        "Exit status: 0, or 1 with --fail-on-loss when any fix was lost, stored twice or left unacknowledged."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULT", arity = "1..*", description = "Result files written by 'run --out'.")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "Folder for the report.")
    Path out;

    @Option(names = "--scenario", required = true, description = "The scenario's name and title.")
    String scenario;

    @Option(names = "--command", defaultValue = "", description = "The command that produced the run, for the record.")
    String command;

    @Option(names = "--target-ack-p99-ms", description = "Target for p99 report-to-ack latency.")
    Double targetAckP99;

    @Option(names = "--target-listener-p99-ms", description = "Target for p99 report-to-listener latency.")
    Double targetListenerP99;

    @Option(names = "--target-ingest-per-s", description = "Target for the peak fixes acknowledged per second.")
    Double targetIngest;

    @Option(names = "--target-recovery-s", description = "Target for every bike back and drained after the 'restart' event.")
    Double targetRecovery;

    @Option(names = "--event", description = "LABEL=EPOCH_MILLIS, drawn on the charts (e.g. kill=..., restart=...).")
    Map<String, Long> events = new LinkedHashMap<>();

    @Option(names = "--note", description = "A line for the summary (e.g. what else ran on the machine).")
    List<String> notes = new ArrayList<>();

    @Option(names = "--floor", description = "The report (result.json) of the same scenario against the floor"
            + " ('fleet-simulator floor'): the summary adds the server's CPU per fix and latencies as ratios to it.")
    Path floor;

    @Option(names = "--fail-on-loss", description = "Exit 1 when the loss check found any loss or was not run.")
    boolean failOnLoss;

    @Override
    public Integer call() throws Exception {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        List<RunResult> parts = new ArrayList<>();
        for (Path input : inputs) {
            parts.add(gson.fromJson(Files.readString(input), RunResult.class));
        }
        MergedRun run = new MergedRun(parts);
        Files.createDirectories(out);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", scenario);
        summary.put("command", command);
        summary.put("machine", Machine.describe());
        summary.put("loadAverage", loadAverages(parts));
        summary.put("settings", parts.stream().map(p -> Map.of("role", p.role(), "settings", p.settings())).toList());
        summary.put("measuredSeconds", (run.measureTo - run.measureFrom) / 1000.0);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("bikes", run.bikes);
        counts.put("listeners", run.listeners);
        counts.put("sent", run.sent);
        counts.put("acked", run.acked);
        counts.put("deliveredToListeners", run.delivered);
        counts.put("bikeReconnects", run.bikeReconnects);
        counts.put("listenerReconnects", run.listenerReconnects);
        counts.put("listenerFrameErrors", run.listenerErrors);
        summary.put("counts", counts);
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("sentPerSecond", round(run.rate(MergedRun.Second::sent)));
        throughput.put("ackedPerSecond", round(run.rate(MergedRun.Second::acked)));
        throughput.put("deliveredPerSecond", round(run.rate(MergedRun.Second::delivered)));
        throughput.put("peakAckedInOneSecond", run.peakPerSecond(MergedRun.Second::acked));
        summary.put("throughput", throughput);
        summary.put("reportToAckMs", percentiles(run.ack));
        summary.put("reportToListenerMs", percentiles(run.live));
        summary.put("byRole", byRole(run));
        summary.put("server", serverSummary(run.server));
        Double recovery = recoverySeconds(run);
        summary.put("recoverySecondsAfterRestart", recovery);
        Map<String, Object> loss = lossSummary(run.losses);
        summary.put("loss", loss);
        Map<String, Object> verdicts = verdicts(run, recovery, loss);
        summary.put("targets", verdicts);
        summary.put("notes", notes);
        if (floor != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> floorSummary = gson.fromJson(Files.readString(floor), Map.class);
            summary.put("againstTheFloor", FloorRatio.compare(summary, floorSummary));
        }
        Files.writeString(out.resolve("result.json"), gson.toJson(summary));
        charts(run);
        Files.writeString(out.resolve("summary.md"), markdown(summary, run));
        System.out.println(Files.readString(out.resolve("summary.md")));
        boolean lossFree = Boolean.TRUE.equals(loss.get("checked")) && Boolean.TRUE.equals(loss.get("zeroLoss"));
        return failOnLoss && !lossFree ? 1 : 0;
    }

    private static Map<String, String> loadAverages(List<RunResult> parts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RunResult p : parts) {
            out.put(p.role(), "start " + p.loadAverageStart() + "; end " + p.loadAverageEnd());
        }
        return out;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", h.getTotalCount());
        out.put("p50", ms(h.getValueAtPercentile(50)));
        out.put("p95", ms(h.getValueAtPercentile(95)));
        out.put("p99", ms(h.getValueAtPercentile(99)));
        out.put("max", ms(h.getMaxValue()));
        return out;
    }

    /** Each simulator process's latencies over its own measuring window, seconds counted from the run's start. */
    static List<Map<String, Object>> byRole(MergedRun run) {
        long t0 = run.seconds.isEmpty() ? 0 : run.seconds.get(0).t();
        List<Map<String, Object>> out = new ArrayList<>();
        for (MergedRun.Role r : run.roles) {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("role", r.role());
            role.put("measuredFromS", round((r.measureFrom() - t0) / 1000.0));
            role.put("measuredToS", round((r.measureTo() - t0) / 1000.0));
            role.put("reportToAckMs", percentiles(r.ack()));
            role.put("reportToListenerMs", percentiles(r.live()));
            role.put("cpuPercent", r.cpuPercent());
            out.add(role);
        }
        return out;
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static Map<String, Object> serverSummary(List<RunResult.ServerPoint> points) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", points.size());
        out.put("cpuPercentMean", round(points.stream().filter(p -> p.cpuPercent() != null)
                .mapToDouble(RunResult.ServerPoint::cpuPercent).average().orElse(Double.NaN)));
        out.put("cpuPercentMax", round(points.stream().filter(p -> p.cpuPercent() != null)
                .mapToDouble(RunResult.ServerPoint::cpuPercent).max().orElse(Double.NaN)));
        out.put("rssMbMax", round(points.stream().filter(p -> p.rssKb() != null)
                .mapToLong(RunResult.ServerPoint::rssKb).max().orElse(0) / 1024.0));
        out.put("heapUsedMbMax", round(points.stream().filter(p -> p.heapUsedKb() != null)
                .mapToLong(RunResult.ServerPoint::heapUsedKb).max().orElse(0) / 1024.0));
        out.put("connectedBikesMax", points.stream().filter(p -> p.connectedBikes() != null)
                .mapToLong(RunResult.ServerPoint::connectedBikes).max().orElse(0));
        out.put("listenersMax", points.stream().filter(p -> p.listeners() != null)
                .mapToLong(RunResult.ServerPoint::listeners).max().orElse(0));
        return out;
    }

    /**
     * Seconds from the 'restart' event to the first second in which every bike is connected again and no
     * more than one fix per bike waits for its ack (the steady state), or null without such an event.
     */
    private Double recoverySeconds(MergedRun run) {
        Long restart = events.get("restart");
        if (restart == null) {
            return null;
        }
        for (MergedRun.Second s : run.seconds) {
            if (s.t() >= restart - 999 && s.bikes() >= run.bikes && s.pending() <= run.bikes) {
                return Math.max(0, (s.t() + 1000 - restart) / 1000.0);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static Map<String, Object> lossSummary(List<RunResult.LossReport> losses) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean checked = !losses.isEmpty() && losses.stream().allMatch(RunResult.LossReport::checked);
        long sent = losses.stream().mapToLong(RunResult.LossReport::sent).sum();
        long acked = losses.stream().mapToLong(RunResult.LossReport::acked).sum();
        long stored = losses.stream().mapToLong(RunResult.LossReport::stored).sum();
        long lost = losses.stream().mapToLong(RunResult.LossReport::lost).sum();
        long extra = losses.stream().mapToLong(RunResult.LossReport::extra).sum();
        long bikesWithLoss = losses.stream().mapToLong(RunResult.LossReport::bikesWithLoss).sum();
        out.put("checked", checked);
        out.put("sent", sent);
        out.put("acked", acked);
        out.put("stored", stored);
        out.put("lost", lost);
        out.put("extraOrDuplicate", extra);
        out.put("bikesWithLossOrUnacked", bikesWithLoss);
        out.put("zeroLoss", checked && lost == 0 && extra == 0 && bikesWithLoss == 0 && stored == sent);
        out.put("examples", losses.stream().flatMap(l -> l.examples().stream()).limit(20).toList());
        return out;
    }

    private Map<String, Object> verdicts(MergedRun run, Double recovery, Map<String, Object> loss) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zeroLoss", loss.get("zeroLoss"));
        if (targetAckP99 != null) {
            out.put("ackP99 <= " + targetAckP99 + " ms", ms(run.ack.getValueAtPercentile(99)) <= targetAckP99);
        }
        if (targetListenerP99 != null) {
            out.put("listenerP99 <= " + targetListenerP99 + " ms",
                    run.live.getTotalCount() > 0 && ms(run.live.getValueAtPercentile(99)) <= targetListenerP99);
        }
        if (targetIngest != null) {
            out.put("peak ingest >= " + targetIngest + " fixes/s", run.peakPerSecond(MergedRun.Second::acked) >= targetIngest);
        }
        if (targetRecovery != null) {
            out.put("recovery <= " + targetRecovery + " s", recovery != null && recovery <= targetRecovery);
        }
        return out;
    }

    private void charts(MergedRun run) throws Exception {
        if (run.seconds.isEmpty()) {
            return;
        }
        long t0 = run.seconds.get(0).t();
        double[] x = run.seconds.stream().mapToDouble(s -> (s.t() - t0) / 1000.0).toArray();
        List<Charts.Marker> markers = new ArrayList<>();
        markers.add(new Charts.Marker("measuring from", (run.measureFrom - t0) / 1000.0));
        markers.add(new Charts.Marker("measuring to", (run.measureTo - t0) / 1000.0));
        events.forEach((label, at) -> markers.add(new Charts.Marker(label, (at - t0) / 1000.0)));
        Charts charts = new Charts(markers);
        List<MergedRun.Second> s = run.seconds;
        Map<String, Function<Integer, Double>> latency = new LinkedHashMap<>();
        latency.put("ack p50", i -> pct(s.get(i).ack(), 50));
        latency.put("ack p99", i -> pct(s.get(i).ack(), 99));
        latency.put("ack max", i -> pct(s.get(i).ack(), 100));
        latency.put("listener p50", i -> pct(s.get(i).live(), 50));
        latency.put("listener p99", i -> pct(s.get(i).live(), 99));
        charts.line(out.resolve("latency.png"), scenario + ": latency per second", "ms", x, latency);
        Map<String, Function<Integer, Double>> connections = new LinkedHashMap<>();
        connections.put("bikes connected (simulator)", i -> (double) s.get(i).bikes());
        connections.put("listeners connected (simulator)", i -> (double) s.get(i).listeners());
        connections.put("fixes waiting for ack", i -> (double) s.get(i).pending());
        charts.line(out.resolve("connections.png"), scenario + ": connections and backlog", "count", x, connections);
        Map<String, Function<Integer, Double>> rates = new LinkedHashMap<>();
        rates.put("sent/s", i -> i == 0 ? null : (double) (s.get(i).sent() - s.get(i - 1).sent()));
        rates.put("acked/s", i -> i == 0 ? null : (double) (s.get(i).acked() - s.get(i - 1).acked()));
        rates.put("delivered to listeners/s", i -> i == 0 ? null : (double) (s.get(i).delivered() - s.get(i - 1).delivered()));
        charts.line(out.resolve("throughput.png"), scenario + ": fixes per second", "fixes/s", x, rates);
        if (!run.server.isEmpty()) {
            List<RunResult.ServerPoint> sp = run.server;
            double[] sx = sp.stream().mapToDouble(p -> (p.t() - t0) / 1000.0).toArray();
            Map<String, Function<Integer, Double>> server = new LinkedHashMap<>();
            server.put("CPU %", i -> sp.get(i).cpuPercent());
            server.put("RSS MB", i -> sp.get(i).rssKb() == null ? null : sp.get(i).rssKb() / 1024.0);
            server.put("heap used MB", i -> sp.get(i).heapUsedKb() == null ? null : sp.get(i).heapUsedKb() / 1024.0);
            server.put("bikes connected (server)", i -> sp.get(i).connectedBikes() == null ? null
                    : sp.get(i).connectedBikes() / 100.0);
            charts.line(out.resolve("server.png"), scenario + ": server process (bikes connected / 100)", "", sx, server);
        }
    }

    private static Double pct(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private String markdown(Map<String, Object> summary, MergedRun run) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(scenario).append("\n\n");
        if (!command.isEmpty()) {
            md.append("Command: `").append(command).append("`\n\n");
        }
        md.append("Machine: ").append(summary.get("machine")).append(". Shared machine: other builds may have run; ")
                .append("load average per process: ").append(summary.get("loadAverage")).append(".\n\n");
        notes.forEach(n -> md.append("- ").append(n).append("\n"));
        md.append("\nMeasured for ").append(summary.get("measuredSeconds")).append(" s (after ramp and warm-up).\n\n");
        md.append("| | value |\n|---|---|\n");
        appendRows(md, "", (Map<String, Object>) summary.get("counts"));
        appendRows(md, "", (Map<String, Object>) summary.get("throughput"));
        appendRows(md, "report-to-ack ms ", (Map<String, Object>) summary.get("reportToAckMs"));
        appendRows(md, "report-to-listener ms ", (Map<String, Object>) summary.get("reportToListenerMs"));
        appendRows(md, "server ", (Map<String, Object>) summary.get("server"));
        if (summary.get("recoverySecondsAfterRestart") != null) {
            md.append("| recovery after restart (s) | ").append(summary.get("recoverySecondsAfterRestart")).append(" |\n");
        }
        Map<String, Object> loss = new LinkedHashMap<>((Map<String, Object>) summary.get("loss"));
        Object examples = loss.remove("examples");
        appendRows(md, "loss ", loss);
        md.append("\n## Latency per simulator process\n\n")
                .append("Each over its own measuring window (seconds since the run started); CPU is the simulator")
                .append(" process's own (100 % = one core).\n\n")
                .append("| process | window s | CPU % | ack count | ack p50 | ack p95 | ack p99 | ack max | listener count | listener p99 |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> role : (List<Map<String, Object>>) summary.get("byRole")) {
            Map<String, Object> a = (Map<String, Object>) role.get("reportToAckMs");
            Map<String, Object> l = (Map<String, Object>) role.get("reportToListenerMs");
            md.append("| ").append(role.get("role")).append(" | ").append(role.get("measuredFromS")).append("-")
                    .append(role.get("measuredToS")).append(" | ")
                    .append(role.get("cpuPercent") == null ? "-" : role.get("cpuPercent")).append(" | ")
                    .append(a.get("count")).append(" | ")
                    .append(a.get("p50")).append(" | ").append(a.get("p95")).append(" | ").append(a.get("p99"))
                    .append(" | ").append(a.get("max")).append(" | ").append(l.get("count")).append(" | ")
                    .append(l.get("p99")).append(" |\n");
        }
        if (summary.get("againstTheFloor") instanceof Map<?, ?> ratio) {
            md.append("\n## Against the floor\n\n")
                    .append("The same scenario against the floor (the Tyrus/Grizzly stack decoding and acknowledging, nothing")
                    .append(" else) in the same session; ratio = this run / the floor.\n\n| | this run | floor | ratio |\n|---|---|---|---|\n");
            ratio.forEach((k, v) -> {
                Map<?, ?> row = (Map<?, ?>) v;
                md.append("| ").append(k).append(" | ").append(row.get("run")).append(" | ").append(row.get("floor"))
                        .append(" | ").append(row.get("ratio")).append(" |\n");
            });
        }
        md.append("\n## Targets\n\n");
        ((Map<String, Object>) summary.get("targets")).forEach((k, v) ->
                md.append("- ").append(k).append(": ").append(Boolean.TRUE.equals(v) ? "met" : "**missed**").append("\n"));
        if (examples instanceof List<?> list && !list.isEmpty()) {
            md.append("\n## Bikes with loss (first 20)\n\n");
            list.forEach(e -> md.append("- ").append(e).append("\n"));
        }
        md.append("\n![latency](latency.png)\n![connections](connections.png)\n![throughput](throughput.png)\n");
        if (!run.server.isEmpty()) {
            md.append("![server](server.png)\n");
        }
        return md.toString();
    }

    private static void appendRows(StringBuilder md, String prefix, Map<String, Object> rows) {
        rows.forEach((k, v) -> md.append("| ").append(prefix).append(k).append(" | ").append(v).append(" |\n"));
    }

    /** This machine, as the report states it. */
    static final class Machine {
        private Machine() {
        }

        static String describe() {
            String memory = "unknown memory";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        memory = String.format(Locale.ROOT, "%.1f GB RAM",
                                Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                    }
                }
            } catch (Exception e) {
                // Not Linux: say so in the report rather than fail it.
            }
            return Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                    + System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }
}
