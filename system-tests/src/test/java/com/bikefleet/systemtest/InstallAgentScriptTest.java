package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/install-agent.sh staged under DESTDIR (no root, no systemctl) with the real bike-agent.jar: a
 * config with {@code gps.source = serial}, or none (serial is the default), gets the root drop-in it
 * needs; changing to {@code tty} takes it away again, but never a drop-in someone else wrote.
 */
class InstallAgentScriptTest {

    private static final Path DEPLOY = Path.of(System.getProperty("deployDir", "../deploy")).toAbsolutePath().normalize();
    private static final String DROPIN = "etc/systemd/system/bike-agent.service.d/root.conf";

    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run install(Path stage, String gpsLines) throws Exception {
        Path config = dir.resolve("bike-0042.conf");
        Files.writeString(config, String.join("\n",
                "bike.id = bike-0042",
                "bike.token = 0123456789abcdef0123456789abcdef",
                "server.url = wss://fleet.example.com",
                "buffer.path = /var/lib/bike-agent/outbox.db",
                gpsLines,
                ""));
        ProcessBuilder pb = new ProcessBuilder("bash", DEPLOY.resolve("install-agent.sh").toString(),
                Jars.agent().toString(), config.toString()).redirectErrorStream(true);
        pb.environment().put("DESTDIR", stage.toString());
        // The script runs 'java -jar JAR validate': the JVM running these tests.
        pb.environment().put("PATH", Path.of(Jars.java()).getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Run(p.exitValue(), out);
    }

    @Test
    void serialGetsTheRootDropInAndSaysSo() throws Exception {
        Path stage = dir.resolve("stage");
        Run run = install(stage, "gps.source = serial");

        assertEquals(0, run.exit(), run.output());
        assertArrayEquals(Files.readAllBytes(DEPLOY.resolve("bike-agent-root.conf")),
                Files.readAllBytes(stage.resolve(DROPIN)));
        assertTrue(run.output().contains("installed " + stage.resolve(DROPIN)
                + ": gps.source = serial (Pi4J with pigpio) needs root"), run.output());
    }

    @Test
    void aConfigWithoutGpsSourceIsSerialAndGetsItToo() throws Exception {
        Path stage = dir.resolve("stage");
        Run run = install(stage, "# gps.source left out: serial");

        assertEquals(0, run.exit(), run.output());
        assertTrue(Files.isRegularFile(stage.resolve(DROPIN)), run.output());
    }

    @Test
    void ttyRunsAsTheAgentUserAndTakesAnEarlierDropInAway() throws Exception {
        Path stage = dir.resolve("stage");
        assertEquals(0, install(stage, "gps.source = serial").exit());
        assertTrue(Files.isRegularFile(stage.resolve(DROPIN)));

        Run run = install(stage, "gps.source = tty\ngps.device = /dev/serial0");

        assertEquals(0, run.exit(), run.output());
        assertFalse(Files.exists(stage.resolve(DROPIN)), run.output());
        assertTrue(run.output().contains("removed " + stage.resolve(DROPIN)
                + ": gps.source = tty works as the bike-agent user, not root"), run.output());
    }

    @Test
    void aCopyInstalledByHandFromAnOlderDeployFolderIsOursToo() throws Exception {
        Path stage = dir.resolve("stage");
        Files.createDirectories(stage.resolve(DROPIN).getParent());
        // The same settings under other comments, as the install instructions of an older release left it.
        Files.writeString(stage.resolve(DROPIN), "# installed by hand, 2026\n"
                + Files.readString(DEPLOY.resolve("bike-agent-root.conf")).replaceAll("(?m)^#.*\n", ""));

        Run run = install(stage, "gps.source = tty");

        assertEquals(0, run.exit(), run.output());
        assertFalse(Files.exists(stage.resolve(DROPIN)), run.output());
    }

    @Test
    void aDropInSomeoneElseWroteIsLeftAndReported() throws Exception {
        Path stage = dir.resolve("stage");
        Files.createDirectories(stage.resolve(DROPIN).getParent());
        Files.writeString(stage.resolve(DROPIN), "[Service]\nUser=root\n# kept by the fleet's own image\n");

        Run run = install(stage, "gps.source = gpsd");

        assertEquals(0, run.exit(), run.output());
        assertTrue(Files.isRegularFile(stage.resolve(DROPIN)), run.output());
        assertTrue(run.output().contains("WARNING: " + stage.resolve(DROPIN) + " is not the one from deploy/"),
                run.output());
    }
}
