package com.bikefleet.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static final String GOOD = """
            # a bike
            bike.id = bike-007
            bike.token = s3cret
            server.url = ws://127.0.0.1:8080

            gps.source = simulated
            report.interval = 500ms
            buffer.path = /var/lib/bike-agent/outbox.db
            """;

    private static List<String> problems(String text) {
        return assertThrows(ConfigException.class, () -> AgentConfig.parse("agent.conf", text)).problems();
    }

    @Test
    void aGoodConfigParsesIntoTypedValues() throws Exception {
        AgentConfig config = AgentConfig.parse("agent.conf", GOOD);
        assertEquals("bike-007", config.bikeId());
        assertEquals(URI.create("ws://127.0.0.1:8080"), config.serverUrl());
        assertEquals(Duration.ofMillis(500), config.reportInterval());
        assertEquals(Path.of("/var/lib/bike-agent/outbox.db"), config.bufferPath());
    }

    @Test
    void windowsLineEndingsAreAccepted() throws Exception {
        assertEquals("bike-007", AgentConfig.parse("agent.conf", GOOD.replace("\n", "\r\n")).bikeId());
    }

    @Test
    void theTokenNeverAppearsInTheDescription() throws Exception {
        AgentConfig config = AgentConfig.parse("agent.conf", GOOD);
        assertFalse(config.describe().contains("s3cret"), config.describe());
        assertFalse(config.toString().contains("s3cret"), config.toString());
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertEquals(List.of("agent.conf:4: unknown key 'sever.url'"),
                problems(GOOD.replace("server.url = ws://127.0.0.1:8080", "sever.url = ws://x\nserver.url = ws://h")));
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        List<String> problems = problems(GOOD + "bike.id = other\n");
        assertEquals(List.of("agent.conf:9: duplicate key 'bike.id' (first set on line 2)"), problems);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("""
                bike.id = ok
                server.url = http://wrong
                report.interval = 10
                """);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.contains("agent.conf: missing required key 'bike.token'"), problems.toString());
        assertTrue(problems.get(1).startsWith("agent.conf:2: server.url:"), problems.toString());
        assertTrue(problems.get(2).startsWith("agent.conf:3: report.interval: '10' is not a duration"),
                problems.toString());
    }

    @Test
    void durationsTakeUnits() {
        assertEquals(Duration.ofMillis(500), AgentConfig.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(10), AgentConfig.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(2), AgentConfig.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), AgentConfig.parseDuration("1h"));
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parseDuration("-5s"));
    }
}
