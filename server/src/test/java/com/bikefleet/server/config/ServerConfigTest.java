package com.bikefleet.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.DocumentedKeys;
import com.bikefleet.model.config.KeyValues;
import com.bikefleet.server.ServerSettings;
import com.bikefleet.server.ingest.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server config files as an operator writes them: every problem reported with its line, all at once. */
class ServerConfigTest {

    private static final String PASSWORD = "test-only-password";

    @TempDir
    Path dir;

    private static ServerConfig parse(String text, KeyValues.Override... overrides) throws ConfigException {
        return ServerConfig.parse("server.conf", text.getBytes(StandardCharsets.UTF_8), List.of(overrides), null);
    }

    private static List<String> problems(String text, KeyValues.Override... overrides) {
        return assertThrows(ConfigException.class, () -> parse(text, overrides)).problems();
    }

    @Test
    void anEmptyFileGivesTheDocumentedDefaults() throws Exception {
        ServerConfig config = parse("");
        ServerSettings s = config.settings();
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(8080, s.port());
        assertEquals(Path.of("data"), s.dataDir());
        assertEquals(262144, s.maxFrameBytes());
        assertEquals(Duration.ofSeconds(120), s.idleTimeout());
        assertEquals(10_000, s.storeQueueCapacity());
        assertEquals(500, s.maxCommitGroup());
        assertNull(s.tls());
        assertEquals(IngestLimits.DEFAULTS, s.limits());
        assertEquals(Duration.ZERO, config.statsEvery());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerConfig config = parse("""
                \uFEFF# CRLF and a byte-order mark, as Windows Notepad saves it\r
                server.bind = 0.0.0.0\r
                server.port = 9090
                server.data = /var/lib/bike-server
                ingest.max-frame-bytes = 64KB
                ingest.idle-timeout = 2m
                ingest.max-fixes-per-batch = 500
                ingest.max-messages-per-second = 20
                ingest.burst = 40
                ingest.rate-limit-grace = 10s
                store.queue-capacity = 2000
                store.max-commit-group = 100
                tls.keystore-type = JKS
                stats.every = 30s
                """);
        ServerSettings s = config.settings();
        assertEquals("0.0.0.0", s.bindAddress());
        assertEquals(9090, s.port());
        assertEquals(Path.of("/var/lib/bike-server"), s.dataDir());
        assertEquals(64 * 1024, s.maxFrameBytes());
        assertEquals(Duration.ofMinutes(2), s.idleTimeout());
        assertEquals(new IngestLimits(500, 20, 40, Duration.ofSeconds(10)), s.limits());
        assertEquals(2000, s.storeQueueCapacity());
        assertEquals(100, s.maxCommitGroup());
        assertEquals("JKS", config.keystoreType());
        assertEquals(Duration.ofSeconds(30), config.statsEvery());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLine() {
        List<String> problems = problems("""
                server.bind = 127.0.0.1
                sever.port = 9090
                server.port = 70000
                ingest.idle-timeout = 120
                ingest.max-fixes-per-batch = lots
                ingest.max-frame-bytes = 512B
                server.bind = 0.0.0.0
                tls.keystore-type = PEM
                store.queue-capacity = 10
                store.max-commit-group = 50
                just some words
                """);
        assertEquals(List.of(
                "server.conf:11: expected 'key = value', found 'just some words'",
                "server.conf:2: unknown key 'sever.port' (did you mean 'server.port'?)",
                "server.conf:7: duplicate key 'server.bind' (first set on line 1)",
                "server.conf:3: server.port: 70000 is outside the allowed range 0..65535",
                "server.conf:6: ingest.max-frame-bytes: 512B is outside the allowed range 1KB..16MB",
                "server.conf:4: ingest.idle-timeout: '120' is not a duration such as 500ms, 10s, 2m or 1h",
                "server.conf:5: ingest.max-fixes-per-batch: 'lots' is not a whole number",
                "server.conf:10: store.max-commit-group: 50 must not exceed store.queue-capacity (10)",
                "server.conf:8: tls.keystore-type: 'PEM' is not one of PKCS12, JKS"), problems);
    }

    @Test
    void overridesWinOverTheFileAndAreCheckedTheSameWay() throws Exception {
        ServerConfig config = parse("server.port = 9090\ningest.burst = 50\n",
                new KeyValues.Override("--set:1", "ingest.burst=60"),
                new KeyValues.Override("--port", "server.port=0"));
        assertEquals(0, config.settings().port());
        assertEquals(60, config.settings().limits().burst());

        assertEquals(List.of("--set:1: unknown key 'ingest.brust' (did you mean 'ingest.burst'?)",
                        "--set:2: expected key=value, found 'ingest.burst'",
                        "--idle-timeout: ingest.idle-timeout: 0s is outside the allowed range 1s..1h"),
                problems("", new KeyValues.Override("--set:1", "ingest.brust=5"),
                        new KeyValues.Override("--set:2", "ingest.burst"),
                        new KeyValues.Override("--idle-timeout", "ingest.idle-timeout=0s")));
    }

    @Test
    void aPasswordWithoutAKeyStoreAndAnUnreadableKeyStoreAreRefused() {
        assertEquals(List.of("server.conf:1: tls.keystore-password: is set but tls.keystore is not"),
                problems("tls.keystore-password = x\n"));
        Path missing = dir.resolve("missing.p12");
        assertEquals(List.of("server.conf:1: tls.keystore: cannot read '" + missing + "'"),
                problems("tls.keystore = " + missing + "\n"));
    }

    @Test
    void aWrongKeyStorePasswordIsReportedOnTheKeyStoreLine() throws Exception {
        Path keystore = keystore();
        List<String> problems = problems("tls.keystore = " + keystore + "\ntls.keystore-password = wrong\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("server.conf:1: tls.keystore: cannot use key store " + keystore),
                problems.get(0));
    }

    @Test
    void theLogLineMasksTheKeyStorePassword() throws Exception {
        Path keystore = keystore();
        ServerConfig config = parse("tls.keystore = " + keystore + "\ntls.keystore-password = " + PASSWORD + "\n");
        assertNotNull(config.settings().tls());
        String described = config.describe();
        assertTrue(described.contains("tls.keystore-password=****"), described);
        assertTrue(described.contains("tls.keystore=" + keystore), described);
        assertFalse(described.contains(PASSWORD), described);
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        assertFalse(config.settings().toString().contains(PASSWORD));

        // The same from the environment, as systemd's EnvironmentFile gives it.
        ServerConfig fromEnvironment = ServerConfig.parse("server.conf",
                ("tls.keystore = " + keystore + "\n").getBytes(StandardCharsets.UTF_8), List.of(), PASSWORD);
        assertNotNull(fromEnvironment.settings().tls());
        assertTrue(fromEnvironment.describe().contains("tls.keystore-password=****"));
        assertFalse(fromEnvironment.describe().contains(PASSWORD));
        assertTrue(parse("").describe().contains("tls.keystore-password=(none)"));
    }

    @Test
    void everyKeyIsDocumentedInServerMdWithItsDefaultAndRange() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/server.md");
        assertEquals(List.of(), DocumentedKeys.mismatches(Files.readString(doc), ServerKeys.ALL));
    }

    /** A self-signed key store made with the JDK's keytool. */
    private Path keystore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), output);
        return keystore;
    }
}
