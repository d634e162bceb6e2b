package com.bikefleet.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bikefleet.agent.outbox.FixJournal;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded bike-agent.jar as it goes onto a bike, run after {@code package} by failsafe: it fits the
 * budget, carries the native libraries a bike and a laptop need and no others, starts, and takes GPS
 * fixes from a real tty (a socat pseudo-terminal, read through jSerialComm's native library) into its
 * SQLite outbox (sqlite-jdbc's native library). A shade filter that dropped one library too many fails
 * the build here rather than on the bike.
 */
class BikeAgentJarIT {

    /** The jar is copied over mobile data and kept on an SD card: the budget, 9 MB. */
    private static final long MAX_JAR_BYTES = 9L * 1024 * 1024;

    /** Linux on a Raspberry Pi (32-bit arm in three flavours, 64-bit aarch64) and on a laptop (x86_64). */
    private static final Set<String> NATIVE_LIBRARIES = Set.of(
            "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
            "org/sqlite/native/Linux/arm/libsqlitejdbc.so",
            "org/sqlite/native/Linux/armv6/libsqlitejdbc.so",
            "org/sqlite/native/Linux/armv7/libsqlitejdbc.so",
            "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
            "Linux/armv6hf/libjSerialComm.so",
            "Linux/armv7hf/libjSerialComm.so",
            "Linux/armv8_32/libjSerialComm.so",
            "Linux/armv8_64/libjSerialComm.so",
            "Linux/x86_64/libjSerialComm.so",
            "lib/aarch64/libpi4j-pigpio.so",
            "lib/armhf/libpi4j-pigpio.so");

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("agentJar", "target/bike-agent.jar"));
        assertTrue(Files.isRegularFile(jar), "no agent jar at " + jar.toAbsolutePath() + ": run mvn package first");
        return jar;
    }

    /** The JVM running this test, so a CI run on a newer JDK starts the jar on that JDK too. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void fitsTheBudgetWithOnlyTheBikesNativeLibraries() throws IOException {
        Path jar = jar();
        long size = Files.size(jar);
        assertTrue(size <= MAX_JAR_BYTES, "bike-agent.jar is " + size + " bytes, more than " + MAX_JAR_BYTES);
        Set<String> natives = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib"))
                    .forEach(natives::add);
        }
        assertEquals(new TreeSet<>(NATIVE_LIBRARIES), natives);
    }

    @Test
    void startsAndSaysItsVersion() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", jar().toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("bike-agent "), out);
    }

    @Test
    void takesFixesFromATtyIntoItsSqliteOutbox() throws Exception {
        assumeSocat();
        Path gps = dir.resolve("gps");
        Path feed = dir.resolve("feed");
        Process socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + gps, "pty,raw,echo=0,link=" + feed)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        Process agent = null;
        try {
            awaitTrue("socat's pseudo-terminals", () -> Files.exists(gps) && Files.exists(feed) || !socat.isAlive());
            assertTrue(socat.isAlive(), () -> "socat failed: " + read(dir.resolve("socat.log")));

            // No server listens on this port: the agent keeps its fixes in the outbox, as on a bike offline.
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Path outbox = dir.resolve("outbox.db");
            Path config = dir.resolve("agent.conf");
            Files.writeString(config, String.join("\n",
                    "bike.id = jar-check",
                    "bike.token = not-a-real-token",
                    "server.url = ws://127.0.0.1:" + closedPort,
                    "report.interval = 1s",
                    "buffer.path = " + outbox,
                    "gps.source = tty",
                    "gps.device = " + gps,
                    "gps.baud = 9600",
                    ""));
            Path log = dir.resolve("agent.log");
            agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", jar().toString(), "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();

            try (OutputStream out = Files.newOutputStream(feed)) {
                LocalTime time = LocalTime.of(12, 0, 0);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (fixesIn(outbox) < 2) {
                    if (!agent.isAlive() || System.nanoTime() > deadline) {
                        fail("no fixes reached the outbox (agent " + (agent.isAlive() ? "running" : "exited "
                                + agent.exitValue()) + "); its log:\n" + read(log));
                    }
                    out.write(epoch(time).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    time = time.plusSeconds(1);
                    Thread.sleep(100); // a receiver's pace (10 Hz), not an assertion
                }
            }
            String output = read(log);
            assertTrue(!output.contains("UnsatisfiedLinkError"), output);

            agent.destroy(); // SIGTERM, as systemd stops it
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent did not stop on SIGTERM");
        } finally {
            if (agent != null) {
                agent.destroyForcibly();
            }
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Out of coverage the agent retries for hours and its log is on the SD card: a run of the same refused
     * connection is one line at info, however many attempts (the rest at debug, shown here to count them).
     */
    @Test
    void aBikeOutOfCoverageLogsARunOfRefusedConnectionsOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path config = dir.resolve("agent.conf");
        Files.writeString(config, String.join("\n",
                "bike.id = out-of-coverage",
                "bike.token = not-a-real-token",
                "server.url = ws://127.0.0.1:" + closedPort,
                "reconnect.base = 100ms",
                "reconnect.cap = 100ms",
                "buffer.path = " + dir.resolve("outbox.db"),
                "gps.source = simulated",
                "log.level = debug",
                ""));
        Path log = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", jar().toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (lines(read(log), "DEBUG", "Disconnected (connect failed") < 10) {
                if (!agent.isAlive() || System.nanoTime() > deadline) {
                    fail("fewer than 10 quiet attempts; the agent's log:\n" + read(log));
                }
                Thread.sleep(100); // polling the log file, not an assertion
            }
            String output = read(log);
            assertEquals(1, lines(output, "INFO", "Disconnected (connect failed"), output);
            assertEquals(0, lines(output, "INFO", "Still disconnected"), output);
        } finally {
            agent.destroyForcibly();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long lines(String log, String level, String text) {
        return log.lines().filter(l -> l.contains(" " + level + " ") && l.contains(text)).count();
    }

    /** One receiver epoch: RMC and GGA with today's date, so no week-rollover correction applies. */
    private static String epoch(LocalTime time) {
        String t = time.format(DateTimeFormatter.ofPattern("HHmmss")) + ".00";
        String d = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("ddMMyy"));
        return sentence("GPRMC," + t + ",A,4807.038,N,01131.000,E,022.4,084.4," + d + ",003.1,W")
                + sentence("GPGGA," + t + ",4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
    }

    private static String sentence(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return "$" + body + "*" + String.format("%02X", sum) + "\r\n";
    }

    /**
     * Fixes in the agent's outbox: rows in its tables and fixes in its journal above them; 0 until the agent
     * has made its tables. WAL lets this reader in.
     */
    private static long fixesIn(Path outbox) {
        if (!Files.exists(outbox)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + outbox + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), coalesce(max(seq), 0), "
                     + "(SELECT value FROM meta WHERE key = 'outbox_id') FROM fixes")) {
            if (!r.next() || r.getString(3) == null) {
                return 0;
            }
            long newestRow = r.getLong(2);
            return r.getLong(1) + FixJournal.read(outbox, r.getString(3)).stream().filter(p -> p.seq() > newestRow)
                    .count();
        } catch (Exception e) {
            return 0;
        }
    }

    /** socat makes the pty pair; CI installs it (.ci/run) and must run this check, so there it fails. */
    private static void assumeSocat() {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(d, "socat"));
        }
        if (!found && System.getenv("CI") != null) {
            fail("socat is not installed and CI is set: the jar's tty check must run (apt-get install socat)");
        }
        assumeTrue(found, "socat is not installed: skipping the jar's tty check (apt-get install socat)");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
