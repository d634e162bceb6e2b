package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A technician's day with the two jars: provision, validate, run, check status, rotate, revoke. */
class ProvisioningTest {

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run java(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jars.java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    @Test
    void aProvisionedConfigValidatesConnectsAndFollowsRotationAndRevocation() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            String data = server.dataDir().toString();
            Path config = dir.resolve("bike-0042.conf");
            Path outbox = dir.resolve("outbox.db");
            Run provisioned = java(Jars.server(), "provision", "--data", data, "--bike", "bike-0042",
                    "--url", server.wsUrl(), "--out", config.toString(), "--buffer", outbox.toString(),
                    "--interval", "200ms", "--gps", "simulated", "--log-file", dir.resolve("agent.log").toString());
            assertEquals(0, provisioned.exit(), provisioned.output());
            assertEquals(2, java(Jars.server(), "provision", "--data", data, "--bike", "bike-0042",
                    "--url", server.wsUrl(), "--out", dir.resolve("again.conf").toString()).exit());

            Run valid = java(Jars.agent(), "validate", config.toString());
            assertEquals(0, valid.exit(), valid.output());
            assertTrue(valid.output().contains("valid"), valid.output());

            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.out"))) {
                Await.until("fixes stored", Duration.ofSeconds(60), () -> ServerDb.count(server.dataDir(), "bike-0042") >= 5);
                Await.until("status recorded as connected", Duration.ofSeconds(30),
                        () -> java(Jars.agent(), "status", "--config", config.toString()).output()
                                .contains("connection:  connected"));
                Run status = java(Jars.agent(), "status", "--config", config.toString());
                assertTrue(status.output().contains("bike:        bike-0042"), status.output());
                assertTrue(status.output().contains("gps:         fix"), status.output());
                assertTrue(status.output().contains("last fix:    20"), status.output());
                assertTrue(status.output().contains("dropped:     0"), status.output());
                assertTrue(Files.readString(dir.resolve("agent.log")).contains("Connected to"),
                        "the rolling log file gets the agent's log");

                // Rotation: the running agent's old token stops working on its next connection.
                Path rotated = dir.resolve("bike-0042-new.conf");
                assertEquals(0, java(Jars.server(), "rotate", "--data", data, "--bike", "bike-0042",
                        "--url", server.wsUrl(), "--out", rotated.toString(), "--buffer", outbox.toString(),
                        "--gps", "simulated", "--log-file", "").exit());
            }
            Path rotated = dir.resolve("bike-0042-new.conf");
            try (AgentProcess old = AgentProcess.start(config, dir.resolve("old.out"))) {
                Await.until("the old token refused", Duration.ofSeconds(60),
                        () -> Files.readString(dir.resolve("old.out")).contains("The server refused bike 'bike-0042'"));
            }
            long before = ServerDb.count(server.dataDir(), "bike-0042");
            try (AgentProcess renewed = AgentProcess.start(rotated, dir.resolve("new.out"))) {
                Await.until("fixes with the new token", Duration.ofSeconds(60),
                        () -> ServerDb.count(server.dataDir(), "bike-0042") > before + 3);
            }

            assertEquals(0, java(Jars.server(), "revoke", "--data", data, "--bike", "bike-0042").exit());
            Run listed = java(Jars.server(), "bikes", "--data", data);
            assertTrue(listed.output().contains("bike-0042") && listed.output().contains("revoked"), listed.output());
            try (AgentProcess revoked = AgentProcess.start(rotated, dir.resolve("revoked.out"))) {
                Await.until("the revoked bike refused", Duration.ofSeconds(60),
                        () -> Files.readString(dir.resolve("revoked.out")).contains("The server refused bike"));
            }
        }
    }

    @Test
    void anInvalidConfigIsRefusedByValidateAndRunWithTheSameMessages() throws Exception {
        Path config = dir.resolve("bad.conf");
        Files.writeString(config, "bike.id = b\r\nsever.url = ws://x\r\nreport.interval = 10\r\n");
        Run validate = java(Jars.agent(), "validate", config.toString());
        Run run = java(Jars.agent(), "run", "--config", config.toString());
        assertEquals(2, validate.exit());
        assertEquals(2, run.exit());
        assertTrue(validate.output().contains(config + ":2: unknown key 'sever.url' (did you mean 'server.url'?)"),
                validate.output());
        assertTrue(validate.output().contains(config + ":3: report.interval"), validate.output());
        for (String line : validate.output().strip().split("\n")) {
            assertTrue(run.output().contains(line), "run did not say: " + line);
        }
    }
}
