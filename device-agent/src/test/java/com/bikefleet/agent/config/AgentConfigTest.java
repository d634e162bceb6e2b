package com.bikefleet.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.DocumentedKeys;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configs as technicians write them: every bad one refused with its line, every good one accepted. */
class AgentConfigTest {

    /** Line 1 is a comment; the keys start on line 2. */
    private static final String GOOD = """
            # a bike
            bike.id = bike-007
            bike.token = s3cret
            server.url = ws://127.0.0.1:8080
            gps.source = simulated
            report.interval = 500ms
            buffer.path = /var/lib/bike-agent/outbox.db
            """;

    private static List<String> problems(String text, String... overrides) {
        return problems(text.getBytes(StandardCharsets.UTF_8), overrides);
    }

    private static List<String> problems(byte[] bytes, String... overrides) {
        return assertThrows(ConfigException.class,
                () -> AgentConfig.parse("agent.conf", bytes, List.of(overrides))).problems();
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("a typo'd key", GOOD.replace("server.url = ", "server.url = ws://h\nsever.url = "),
                        "agent.conf:5: unknown key 'sever.url' (did you mean 'server.url'?)"),
                Arguments.of("a typo'd gps key", GOOD + "gps.bad = 9600\n",
                        "agent.conf:8: unknown key 'gps.bad' (did you mean 'gps.baud'?)"),
                Arguments.of("a key nothing like any", GOOD + "colour = blue\n",
                        "agent.conf:8: unknown key 'colour'"),
                Arguments.of("a duplicate key", GOOD + "bike.id = other\n",
                        "agent.conf:8: duplicate key 'bike.id' (first set on line 2)"),
                Arguments.of("an http URL", GOOD.replace("ws://127.0.0.1:8080", "http://127.0.0.1:8080"),
                        "agent.conf:4: server.url: 'http://127.0.0.1:8080' must be a ws:// or wss:// URL with a host"),
                Arguments.of("a negative duration", GOOD.replace("500ms", "-5s"),
                        "agent.conf:6: report.interval: '-5s' is not a duration such as 500ms, 10s, 2m or 1h"),
                Arguments.of("a duration without a unit", GOOD.replace("500ms", "10"),
                        "agent.conf:6: report.interval: '10' is not a duration such as 500ms, 10s, 2m or 1h"),
                Arguments.of("a duration out of range", GOOD.replace("500ms", "2h"),
                        "agent.conf:6: report.interval: 2h is outside the allowed range 100ms..1h"),
                Arguments.of("a baud rate out of range", GOOD + "gps.baud = 300\n",
                        "agent.conf:8: gps.baud: 300 is outside the allowed range 4800..921600"),
                Arguments.of("a missing token", GOOD.replace("bike.token = s3cret\n", ""),
                        "agent.conf: missing required key 'bike.token'"),
                Arguments.of("a line without '='", GOOD + "just some words\n",
                        "agent.conf:8: expected 'key = value', found 'just some words'"),
                Arguments.of("a size without a unit", GOOD + "buffer.max-bytes = 64\n",
                        "agent.conf:8: buffer.max-bytes: '64' is not a size such as 512KB, 64MB or 1GB"),
                Arguments.of("a size out of range", GOOD + "buffer.max-bytes = 100KB\n",
                        "agent.conf:8: buffer.max-bytes: 100KB is outside the allowed range 1MB..64GB"),
                Arguments.of("an unknown sync mode", GOOD + "buffer.sync = sometimes\n",
                        "agent.conf:8: buffer.sync: 'sometimes' is not one of full, normal"),
                Arguments.of("a fix cap out of range", GOOD + "buffer.max-fixes = 5\n",
                        "agent.conf:8: buffer.max-fixes: 5 is outside the allowed range 10..10000000"),
                Arguments.of("a cap below the base", GOOD + "reconnect.base = 10s\nreconnect.cap = 5s\n",
                        "agent.conf:9: reconnect.cap: must not be below reconnect.base (10s)"),
                Arguments.of("an unknown log level", GOOD + "log.level = loud\n",
                        "agent.conf:8: log.level: 'loud' is not one of trace, debug, info, warn, error"),
                Arguments.of("a password without a trust store", GOOD + "tls.truststore-password = x\n",
                        "agent.conf:8: tls.truststore-password: is set but tls.truststore is not"),
                Arguments.of("a trust store that is not there", GOOD + "tls.truststore = /no/such/ca.p12\n",
                        "agent.conf:8: tls.truststore: cannot read '/no/such/ca.p12'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void aBadConfigIsRefusedWithItsLineAndReason(String what, String text, String expected) {
        assertEquals(List.of(expected), problems(text));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("gps.device = /dev/tty".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // 'é' in Latin-1, as a Windows editor might save it
        bytes.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("agent.conf:8: not valid UTF-8 (save the file as UTF-8)"), problems(bytes.toByteArray()));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("""
                bike.id = ok
                server.url = http://wrong
                report.interval = 10
                sever.url = ws://x
                """);
        // In line order, as the technician reads the file; a problem without a line comes after them.
        assertEquals(List.of(
                "agent.conf:2: server.url: 'http://wrong' must be a ws:// or wss:// URL with a host",
                "agent.conf:3: report.interval: '10' is not a duration such as 500ms, 10s, 2m or 1h",
                "agent.conf:4: unknown key 'sever.url' (did you mean 'server.url'?)",
                "agent.conf: missing required key 'bike.token'"), problems);
    }

    @Test
    void problemsComeInLineOrderWithTheWholeFileAndTheCommandLineAfter() {
        List<String> problems = problems("""
                gps.baud = 1
                report.interval = 10
                bike.id = ok
                gps.sim.speed-kmh = 99
                server.url = http://wrong
                bike.id = twice
                gps.source = simulated
                """, "colour=blue", "report.interval=1");
        assertEquals(List.of(
                "agent.conf:1: gps.baud: 1 is outside the allowed range 4800..921600",
                "agent.conf:4: gps.sim.speed-kmh: 99 is outside the allowed range 1..60",
                "agent.conf:5: server.url: 'http://wrong' must be a ws:// or wss:// URL with a host",
                "agent.conf:6: duplicate key 'bike.id' (first set on line 3)",
                "agent.conf: missing required key 'bike.token'",
                "--set:1: unknown key 'colour'",
                "--set:2: report.interval: '1' is not a duration such as 500ms, 10s, 2m or 1h"), problems);
    }

    @Test
    void commandLineOverridesAreCheckedTheSameWay() {
        assertEquals(List.of("--set:1: gps.baud: 12 is outside the allowed range 4800..921600",
                        "--set:2: unknown key 'report.intervall' (did you mean 'report.interval'?)"),
                problems(GOOD, "gps.baud=12", "report.intervall=1s"));
        assertEquals(List.of("--set:1: expected key=value, found 'gps.baud'"), problems(GOOD, "gps.baud"));
    }

    @Test
    void anOverrideWinsOverTheFile() throws Exception {
        AgentConfig config = AgentConfig.parse("agent.conf", GOOD.getBytes(StandardCharsets.UTF_8),
                List.of("report.interval=2s", "gps.sim.speed-kmh=25"));
        assertEquals(Duration.ofSeconds(2), config.reportInterval());
        assertEquals(25.0, config.gps().simSpeedKmh());
    }

    static Stream<Arguments> goodConfigs() {
        return Stream.of(
                Arguments.of("plain", GOOD),
                Arguments.of("a byte-order mark", "\uFEFF" + GOOD),
                Arguments.of("Windows line endings", GOOD.replace("\n", "\r\n")),
                Arguments.of("trailing spaces and tabs", GOOD.replace("\n", "  \t\n")),
                Arguments.of("comments and blank lines", "# top\n\n" + GOOD.replace("\n", "\n# note\n\n")),
                Arguments.of("no spaces around '='", GOOD.replace(" = ", "=")),
                Arguments.of("every optional key", GOOD + """
                        buffer.max-fixes = 5000
                        buffer.max-bytes = 64MB
                        buffer.sync = normal
                        reconnect.base = 500ms
                        reconnect.cap = 2m
                        link.ping-interval = 15s
                        link.pong-timeout = 30s
                        log.level = debug
                        log.file = /var/lib/bike-agent/log/agent.log
                        log.max-size = 10MB
                        log.backups = 3
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodConfigs")
    void aGoodConfigIsAccepted(String what, String text) throws Exception {
        AgentConfig config = AgentConfig.parse("agent.conf", text);
        assertEquals("bike-007", config.bikeId());
        assertEquals("s3cret", config.token());
        assertEquals(URI.create("ws://127.0.0.1:8080"), config.serverUrl());
        assertEquals(Duration.ofMillis(500), config.reportInterval());
        assertEquals(GpsSettings.Source.SIMULATED, config.gps().source());
    }

    @Test
    void theTokenAndTrustStorePasswordNeverAppearInTheDescription() throws Exception {
        Path store = Files.createTempFile("ca", ".p12");
        try {
            AgentConfig config = AgentConfig.parse("agent.conf", GOOD + "tls.truststore = " + store
                    + "\ntls.truststore-password = hunter2\n");
            assertFalse(config.describe().contains("s3cret"), config.describe());
            assertFalse(config.describe().contains("hunter2"), config.describe());
            assertFalse(config.toString().contains("s3cret"), config.toString());
            assertTrue(config.describe().contains("bike.token=****"), config.describe());
        } finally {
            Files.delete(store);
        }
    }

    @Test
    void durationsAndSizesTakeUnits() {
        assertEquals(Duration.ofMillis(500), AgentConfig.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(2), AgentConfig.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), AgentConfig.parseDuration("1h"));
        assertEquals(64L * 1024 * 1024, AgentConfig.parseSize("64MB"));
        assertEquals(512L * 1024, AgentConfig.parseSize("512KB"));
    }

    @Test
    void anAbsentKeyTakesItsDeclaredDefault() throws Exception {
        AgentConfig c = AgentConfig.parse("agent.conf", "bike.id = b\nbike.token = t\nserver.url = ws://h\n");
        assertEquals(AgentKeys.REPORT_INTERVAL.defaultValue(), c.reportInterval());
        assertEquals(AgentKeys.BUFFER_PATH.defaultValue(), c.bufferPath());
        assertEquals(AgentKeys.BUFFER_MAX_FIXES.defaultValue(), c.outbox().maxFixes());
        assertEquals(AgentKeys.BUFFER_MAX_BYTES.defaultValue(), c.outbox().maxBytes());
        assertEquals(AgentKeys.BUFFER_SYNC.defaultValue(), c.outbox().durability());
        assertEquals(AgentKeys.RECONNECT_BASE.defaultValue(), c.reconnectBase());
        assertEquals(AgentKeys.RECONNECT_CAP.defaultValue(), c.reconnectCap());
        assertEquals(AgentKeys.PING_INTERVAL.defaultValue(), c.pingInterval());
        assertEquals(AgentKeys.PONG_TIMEOUT.defaultValue(), c.pongTimeout());
        assertEquals(AgentKeys.HANDSHAKE_TIMEOUT.defaultValue(), c.handshakeTimeout());
        assertEquals(TlsSettings.jvmDefaults(), c.tls());
        assertEquals(LogSettings.consoleOnly(), c.log());
        assertEquals(GpsSettings.defaults(), c.gps());
    }

    @Test
    void everyKeyIsDocumentedInConfigurationMdWithItsDefaultAndRange() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        assertEquals(List.of(), DocumentedKeys.mismatches(docs, AgentKeys.ALL));
    }
}
