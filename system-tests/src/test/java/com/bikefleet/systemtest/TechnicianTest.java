package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rough edges a technician or field tester meets with the real jars and scripts. */
class TechnicianTest {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private static Run java(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jars.java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    private Path config(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                bike.id = b1
                bike.token = t
                server.url = ws://127.0.0.1:1
                report.interval = 1s
                """ + body);
        return file;
    }

    @Test
    void validateAndRunRefuseFilesTheAgentCannotUseAtTheirLinesWithoutAStackTrace() throws Exception {
        Files.writeString(dir.resolve("a-file"), "");
        Path gpx = dir.resolve("gone.gpx");
        Path nmea = dir.resolve("gone.nmea");
        Path outbox = dir.resolve("a-file/outbox.db");
        Path simulated = config("sim.conf", "buffer.path = " + outbox + "\ngps.source = simulated\ngps.sim.gpx = " + gpx
                + "\n");
        Path replay = config("replay.conf", "gps.source = replay\ngps.replay.file = " + nmea + "\nbuffer.path = "
                + dir.resolve("outbox.db") + "\n");

        Run validate = java(Jars.agent(), "validate", simulated.toString());
        Run run = java(Jars.agent(), "run", "--config", simulated.toString());
        assertEquals(2, validate.exit(), validate.output());
        assertEquals(2, run.exit(), run.output());
        assertEquals(simulated + ":5: buffer.path: cannot create the outbox: the folder " + dir.resolve("a-file")
                + " does not exist and cannot be made: " + dir.resolve("a-file") + " is not a folder\n"
                + simulated + ":7: gps.sim.gpx: the GPX route '" + gpx + "' does not exist\n", validate.output());
        assertEquals(validate.output(), run.output(), "run says the same, and nothing else");

        validate = java(Jars.agent(), "validate", replay.toString());
        run = java(Jars.agent(), "run", "--config", replay.toString());
        assertEquals(2, validate.exit(), validate.output());
        assertEquals(2, run.exit(), run.output());
        assertEquals(replay + ":6: gps.replay.file: the NMEA log '" + nmea + "' does not exist\n", validate.output());
        assertEquals(validate.output(), run.output());
        assertFalse(run.output().contains("Exception"), run.output());

        // The text alone is fine: a depot machine checks a file meant for the bike.
        Run syntax = java(Jars.agent(), "validate", "--syntax-only", replay.toString());
        assertEquals(0, syntax.exit(), syntax.output());
    }

    @Test
    void aReplayBikeProvisionedWithItsLogValidates() throws Exception {
        Path log = Files.writeString(dir.resolve("ride.nmea"), "");
        Path config = dir.resolve("replay.conf");
        Run provisioned = java(Jars.server(), "provision", "--data", dir.resolve("data").toString(), "--bike", "r1",
                "--url", "ws://127.0.0.1:1", "--out", config.toString(), "--buffer", dir.resolve("outbox.db").toString(),
                "--gps", "replay", "--replay-file", log.toString(), "--log-file", "");
        assertEquals(0, provisioned.exit(), provisioned.output());
        Run valid = java(Jars.agent(), "validate", config.toString());
        assertEquals(0, valid.exit(), valid.output());
        assertTrue(valid.output().contains("valid (bike r1, server ws://127.0.0.1:1, gps replay)"), valid.output());
    }

    @Test
    void statusAfterACleanStopSaysStoppedAndWhen() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            Path config = server.provision("b-stop", dir.resolve("b.conf"), dir.resolve("outbox.db"), "200ms");
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.out"))) {
                Await.until("status recorded as connected", Duration.ofSeconds(60),
                        () -> java(Jars.agent(), "status", "--config", config.toString()).output()
                                .contains("connection:  connected since "));
                assertTrue(agent.stop(), "the agent stops on SIGTERM");
            }
            Run status = java(Jars.agent(), "status", "--config", config.toString());
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("connection:  stopped: the agent shut down cleanly at 20"),
                    status.output());
            assertFalse(status.output().contains("connected since"), status.output());
        }
    }

    @Test
    void laptopShPrintsACommandThatShowsTheBike() throws Exception {
        Path root = Jars.server().getParent().getParent().getParent();
        Path data = dir.resolve("demo-data");
        Files.createDirectories(data.resolve("server"));
        Path out = dir.resolve("laptop.out");
        try (ServerProcess server = ServerProcess.start(data.resolve("server"), dir.resolve("server.log"))) {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("examples/laptop.sh").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("PORT", Integer.toString(server.port()));
            builder.environment().put("DATA", data.toString());
            builder.environment().put("INTERVAL", "500ms");
            builder.environment().put("PATH", Path.of(Jars.java()).getParent() + ":" + System.getenv("PATH"));
            Process laptop = builder.start();
            try {
                Pattern curl = Pattern.compile(
                        "curl -H 'Authorization: Bearer ([^']+)' (http://127\\.0\\.0\\.1:" + server.port() + ")/api/bikes\n");
                Await.until("laptop.sh prints a curl command", Duration.ofSeconds(90),
                        () -> curl.matcher(Files.readString(out)).find());
                Matcher printed = curl.matcher(Files.readString(out));
                assertTrue(printed.find());
                ServerApi api = new ServerApi(printed.group(2), printed.group(1));
                HttpClient http = HttpClient.newHttpClient();
                Await.until("the printed command shows laptop-01", Duration.ofSeconds(60), () -> {
                    HttpResponse<String> response = http.send(api.request("/api/bikes").build(),
                            HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() == 200 && response.body().contains("\"laptop-01\"");
                });
            } finally {
                laptop.destroy();
                if (!laptop.waitFor(30, TimeUnit.SECONDS)) {
                    laptop.destroyForcibly().waitFor();
                }
            }
        }
    }
}
