package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet simulator against a real server process: a few virtual bikes and listeners, every fix
 * acknowledged and stored exactly once, listener deliveries counted; and a bike the server never heard
 * from is reported as loss, with exit status 1.
 */
class FleetSimulatorTest {

    @TempDir
    Path dir;

    private static Process run(Path log, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Jars.java(), "-Xmx256m", "-jar",
                Jars.simulator().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int waitFor(Process p, Path log) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the simulator did not finish within 120 s; see " + Files.readString(log));
        }
        return p.exitValue();
    }

    private Path provision(Path data, int count) throws Exception {
        Path tokens = dir.resolve("tokens.tsv");
        Process p = new ProcessBuilder(Jars.java(), "-jar", Jars.server().toString(), "provision-batch",
                "--data", data.toString(), "--prefix", "sim-", "--count", Integer.toString(count),
                "--out", tokens.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return tokens;
    }

    @Test
    void everyFixIsAcknowledgedStoredOnceAndSeenByListeners() throws Exception {
        Path data = dir.resolve("data");
        Path tokens = provision(data, 8);
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path apiToken = dir.resolve("api-token");
            Files.writeString(apiToken, server.apiToken());
            Path result = dir.resolve("result.json");
            Path log = dir.resolve("sim.log");
            Process sim = run(log, "run", "--server", server.httpBase(), "--tokens", tokens.toString(),
                    "--interval", "500ms", "--duration", "6s", "--ramp", "1s", "--warmup", "1s",
                    "--apps", "4", "--dashboards", "2", "--api-token-file", apiToken.toString(),
                    "--source-address", "127.0.0.2,127.0.0.3", "--server-pid-file", writePid(server),
                    "--out", result.toString());
            assertEquals(0, waitFor(sim, log), Files.readString(log));

            JsonObject json = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
            JsonObject totals = json.getAsJsonObject("totals");
            JsonObject loss = json.getAsJsonObject("loss");
            long sent = totals.get("sent").getAsLong();
            assertTrue(sent >= 8 * 10, "8 bikes at 2 fixes/s for 6 s sent only " + sent);
            assertEquals(sent, totals.get("acked").getAsLong());
            assertTrue(loss.get("checked").getAsBoolean());
            assertEquals(sent, loss.get("stored").getAsLong(), "the server's store holds every fix once");
            assertEquals(0, loss.get("lost").getAsLong());
            assertEquals(0, loss.get("extra").getAsLong());
            // Two dashboards see (nearly) every fix; apps see the bikes in their box.
            long delivered = totals.get("delivered").getAsLong();
            assertTrue(delivered >= sent, "listeners got " + delivered + " of " + sent + " fixes");
            assertTrue(json.getAsJsonArray("server").size() > 3, "the server was sampled");

            Path report = dir.resolve("report");
            Process merge = run(dir.resolve("report.log"), "report", "--scenario", "test", "--out", report.toString(),
                    "--fail-on-loss", result.toString());
            assertEquals(0, waitFor(merge, dir.resolve("report.log")), Files.readString(dir.resolve("report.log")));
            for (String file : List.of("result.json", "summary.md", "latency.png", "connections.png", "throughput.png")) {
                assertTrue(Files.size(report.resolve(file)) > 0, file);
            }
            JsonObject merged = JsonParser.parseString(Files.readString(report.resolve("result.json"))).getAsJsonObject();
            assertTrue(merged.getAsJsonObject("reportToListenerMs").get("count").getAsLong() > 0,
                    "listener latencies were recorded");
        }
    }

    @Test
    void leanModeBikesAreAcknowledgedStoredOnceAndSeenByLeanListeners() throws Exception {
        Path data = dir.resolve("data");
        Path tokens = provision(data, 8);
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path apiToken = dir.resolve("api-token");
            Files.writeString(apiToken, server.apiToken());
            Path result = dir.resolve("result.json");
            Path log = dir.resolve("sim.log");
            Process sim = run(log, "run", "--mode", "lean", "--threads", "2", "--server", server.httpBase(),
                    "--tokens", tokens.toString(), "--interval", "500ms", "--duration", "6s", "--ramp", "1s",
                    "--warmup", "1s", "--apps", "4", "--dashboards", "2", "--api-token-file", apiToken.toString(),
                    "--expect-bikes", "8", "--source-address", "127.0.0.2,127.0.0.3", "--out", result.toString());
            assertEquals(0, waitFor(sim, log), Files.readString(log));

            JsonObject json = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
            JsonObject totals = json.getAsJsonObject("totals");
            JsonObject loss = json.getAsJsonObject("loss");
            long sent = totals.get("sent").getAsLong();
            assertTrue(sent >= 8 * 10, "8 bikes at 2 fixes/s for 6 s sent only " + sent);
            assertEquals(sent, totals.get("acked").getAsLong());
            assertTrue(loss.get("checked").getAsBoolean());
            assertEquals(sent, loss.get("stored").getAsLong(), "the server's store holds every fix once");
            assertEquals(0, loss.get("lost").getAsLong());
            assertEquals(0, loss.get("extra").getAsLong());
            assertTrue(totals.get("delivered").getAsLong() >= sent, "two dashboards see every fix");
            assertEquals(0, totals.get("listenerErrors").getAsLong());
            // Seconds with latencies recorded: each point holds that second's histogram, absent when empty.
            var series = json.getAsJsonArray("series");
            assertTrue(series.asList().stream().anyMatch(p -> p.getAsJsonObject().has("ack")), "ack latencies recorded");
            assertTrue(series.asList().stream().anyMatch(p -> p.getAsJsonObject().has("live")),
                    "listener latencies recorded");
        }
    }

    @Test
    void theFloorAcknowledgesLeanBikesWithoutAStore() throws Exception {
        Path tokens = dir.resolve("tokens.tsv");
        Files.writeString(tokens, "sim-1\tt1\nsim-2\tt2\nsim-3\tt3\n");
        Path floorLog = dir.resolve("floor.log");
        Process floor = run(floorLog, "floor");
        try {
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("Listening on (http://\\S+)");
            Await.until("the floor's 'Listening on' line", Duration.ofSeconds(30),
                    () -> listening.matcher(Files.readString(floorLog)).find());
            java.util.regex.Matcher m = listening.matcher(Files.readString(floorLog));
            assertTrue(m.find(), Files.readString(floorLog));
            String base = m.group(1);
            Path result = dir.resolve("result.json");
            Path log = dir.resolve("sim.log");
            Process sim = run(log, "run", "--mode", "lean", "--server", base, "--tokens", tokens.toString(),
                    "--interval", "200ms", "--duration", "3s", "--ramp", "0s", "--warmup", "0s", "--expect-bikes", "3",
                    "--no-loss-check", "--out", result.toString());
            assertEquals(0, waitFor(sim, log), Files.readString(log));
            JsonObject totals = JsonParser.parseString(Files.readString(result)).getAsJsonObject().getAsJsonObject("totals");
            assertTrue(totals.get("sent").getAsLong() >= 3 * 10, totals.toString());
            assertEquals(totals.get("sent").getAsLong(), totals.get("acked").getAsLong());
        } finally {
            floor.destroy();
            floor.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fixesTheServerNeverStoredAreReportedAsLoss() throws Exception {
        Path data = dir.resolve("data");
        Path tokens = provision(data, 2);
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path apiToken = dir.resolve("api-token");
            Files.writeString(apiToken, server.apiToken());
            // A wrong token for the second bike: its fixes are never acknowledged nor stored.
            List<String> lines = Files.readAllLines(tokens);
            Files.write(tokens, List.of(lines.get(0), lines.get(1).split("\t")[0] + "\tnot-its-token"));
            Path log = dir.resolve("sim.log");
            Process sim = run(log, "run", "--server", server.httpBase(), "--tokens", tokens.toString(),
                    "--interval", "500ms", "--duration", "3s", "--ramp", "0s", "--warmup", "0s", "--drain-timeout", "2s",
                    "--api-token-file", apiToken.toString(), "--out", dir.resolve("result.json").toString());
            assertEquals(1, waitFor(sim, log), Files.readString(log));
            JsonObject loss = JsonParser.parseString(Files.readString(dir.resolve("result.json"))).getAsJsonObject()
                    .getAsJsonObject("loss");
            assertEquals(1, loss.get("bikesWithLoss").getAsInt());
            assertTrue(loss.get("lost").getAsLong() >= 5, loss.toString());
            assertTrue(Files.readString(log).contains("sim-00002: sent 1.."), Files.readString(log));
        }
    }

    private String writePid(ServerProcess server) throws Exception {
        Path pid = dir.resolve("server.pid");
        Files.writeString(pid, Long.toString(server.pid()));
        return pid.toString();
    }
}
