package com.bikefleet.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key declared once: its default, range and messages, read from a file or checked from code. */
class KeyTest {

    private static final Key<Duration> INTERVAL = Key.duration("report.interval", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofHours(1), "how often");
    private static final Key<Long> MAX_BYTES = Key.size("buffer.max-bytes", 32L * 1024 * 1024, 1024 * 1024,
            64L * 1024 * 1024 * 1024, "bytes at most");
    private static final Key<Integer> PORT = Key.integer("server.port", 8080, 0, 65535, "TCP port");
    private static final Key<String> LEVEL = Key.oneOf("log.level", List.of("info", "debug"), "info", "least severe");
    private static final Key<String> TOKEN = Key.text("bike.token", null, "the secret").required();

    @Test
    void theDefaultAndRangeAreShownInTheFilesOwnSpelling() {
        assertEquals("10s", INTERVAL.defaultText());
        assertEquals("100ms..1h", INTERVAL.allowed());
        assertEquals("32MB", MAX_BYTES.defaultText());
        assertEquals("1MB..64GB", MAX_BYTES.allowed());
        assertEquals("8080", PORT.defaultText());
        assertEquals("0..65535", PORT.allowed());
        assertEquals("info, debug", LEVEL.allowed());
        assertEquals("required", TOKEN.defaultText());
        assertNull(TOKEN.defaultValue());
        assertEquals("at least 0s", Key.duration("d", Duration.ZERO, Duration.ZERO, null, "").allowed());
    }

    @Test
    void aValueOutOfRangeIsRefusedAsWrittenAndTheDefaultKept() {
        List<KeyProblem> problems = new ArrayList<>();
        assertEquals(Optional.empty(), INTERVAL.read("7200s", problems));
        assertEquals(Optional.empty(), PORT.read("70000", problems));
        assertEquals(Optional.empty(), MAX_BYTES.read("100KB", problems));
        assertEquals(Optional.of(Duration.ofMillis(100)), INTERVAL.read("100ms", problems));
        assertEquals(List.of(
                new KeyProblem("report.interval", "7200s is outside the allowed range 100ms..1h"),
                new KeyProblem("server.port", "70000 is outside the allowed range 0..65535"),
                new KeyProblem("buffer.max-bytes", "100KB is outside the allowed range 1MB..64GB")), problems);
    }

    @Test
    void aValueThatDoesNotParseSaysWhatWasExpected() {
        List<KeyProblem> problems = new ArrayList<>();
        INTERVAL.read("10", problems);
        PORT.read("lots", problems);
        LEVEL.read("loud", problems);
        MAX_BYTES.read("99999999999GB", problems);
        INTERVAL.read("99999999999999999h", problems);
        assertEquals(List.of(
                new KeyProblem("report.interval", "'10' is not a duration such as 500ms, 10s, 2m or 1h"),
                new KeyProblem("server.port", "'lots' is not a whole number"),
                new KeyProblem("log.level", "'loud' is not one of info, debug"),
                new KeyProblem("buffer.max-bytes", "'99999999999GB' is too large a size"),
                new KeyProblem("report.interval", "'99999999999999999h' is too long a duration")), problems);
    }

    @Test
    void aValueFromCodeIsCheckedAgainstTheSameRange() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> INTERVAL.require(Duration.ofHours(2)));
        assertEquals(List.of(new KeyProblem("report.interval", "2h is outside the allowed range 100ms..1h")),
                e.problems());
        assertEquals("report.interval: 2h is outside the allowed range 100ms..1h", e.getMessage());
        assertEquals(Duration.ofSeconds(5), INTERVAL.require(Duration.ofSeconds(5)));
        e = assertThrows(InvalidSettingsException.class, () -> INTERVAL.require(null));
        assertEquals("report.interval: must be set", e.getMessage());
    }

    @Test
    void theReaderFilesEachProblemUnderItsLineAndFallsBackToTheDefault() {
        List<String> errors = new ArrayList<>();
        ConfigReader reader = reader("report.interval = 2h\nserver.port = 9090\nlog.level =\n", errors);
        assertEquals(Duration.ofSeconds(10), reader.get(INTERVAL));
        assertEquals(9090, reader.get(PORT));
        assertEquals("info", reader.get(LEVEL), "an empty enum means its default");
        assertEquals(32L * 1024 * 1024, reader.get(MAX_BYTES));
        assertNull(reader.get(TOKEN));
        assertEquals(List.of("test.conf:1: report.interval: 2h is outside the allowed range 100ms..1h",
                "test.conf: missing required key 'bike.token'"), errors);
    }

    @Test
    void problemsFromAnotherModuleAreFiledUnderTheirKeysLines() {
        List<String> errors = new ArrayList<>();
        ConfigReader reader = reader("server.port = 1\nlog.level = debug\n", errors);
        reader.file(List.of(new KeyProblem("log.level", "is wrong"), new KeyProblem("bike.token", "is missing")));
        assertEquals(List.of("test.conf:2: log.level: is wrong", "test.conf: bike.token: is missing"), errors);
    }

    @Test
    void unitsAreWrittenInTheLargestWholeUnit() {
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("2m", Units.formatDuration(Duration.ofSeconds(120)));
        assertEquals("250ms", Units.formatDuration(Duration.ofMillis(250)));
        assertEquals("1500B", Units.formatSize(1500));
        assertEquals("64KB", Units.formatSize(64 * 1024));
        assertEquals("22.5", Units.formatNumber(22.5));
        assertEquals("18", Units.formatNumber(18.0));
    }

    @Test
    void theDocsTableMustAgreeWithTheKeys() {
        String table = """
                | key | type | default | allowed | what |
                |---|---|---|---|---|
                | `report.interval` | duration | `10s` | 100ms..1h | how often |
                | `server.port` | integer | `8081` | 0..65535 | TCP port |
                | `log.level` | enum | `info` | `info`, `debug`, `trace` | least severe |
                | `bike.token` | secret | required | as provisioned | the secret |
                """;
        assertEquals(List.of(
                "server.port: default documented as '8081', declared 8080",
                "log.level: allowed documented as 'info, debug, trace', declared info, debug",
                "buffer.max-bytes: no row '| `buffer.max-bytes` | type | default | allowed | what |'"),
                DocumentedKeys.mismatches(table, List.of(INTERVAL, PORT, LEVEL, TOKEN, MAX_BYTES)));
    }

    private static ConfigReader reader(String text, List<String> errors) {
        Set<String> known = Key.names(List.of(INTERVAL, MAX_BYTES, PORT, LEVEL, TOKEN));
        KeyValues values = KeyValues.collect("test.conf",
                ConfigFile.read("test.conf", text.getBytes(StandardCharsets.UTF_8), errors), List.of(), known, errors);
        return new ConfigReader("test.conf", values, errors);
    }
}
