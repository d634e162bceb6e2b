package com.bikefleet.agent.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated config files through the agent's reader, as a technician's typo or a corrupted card could
 * make them: whatever the bytes, the reader either returns a config or throws a ConfigException whose
 * every problem names the file, never another exception.
 */
class AgentConfigFuzzTest {

    private static final String SOURCE = "fuzz.conf";

    @Property(tries = 2000)
    void anyBytesGiveAConfigOrProblemsNamingTheFile(@ForAll byte[] bytes) {
        parseOnlyAsDocumented(bytes);
    }

    @Property(tries = 2000)
    void knownKeysWithAnyValuesGiveAConfigOrProblemsNamingTheFile(@ForAll("configs") String text) {
        parseOnlyAsDocumented(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void parseOnlyAsDocumented(byte[] bytes) {
        try {
            AgentConfig.parse(SOURCE, bytes, List.of());
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty(), "a ConfigException without problems");
            for (String problem : e.problems()) {
                assertTrue(problem.startsWith(SOURCE + ":"), "a problem that does not name the file: " + problem);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("parse threw " + e + " for " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(AgentKeys.NAMES.stream().sorted().toList()),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("", "0", "-1", "1", "99999999999999999999", "1e400", "NaN", "10s", "0s", "-5s",
                        "1000000h", "500ms", "16MB", "0B", "9999999PB", "true", "false", "serial", "simulated",
                        "replay", "gpsd", "ws://127.0.0.1:1/", "wss://", "http://x", "/dev/null", "/nonexistent/x.db",
                        "localhost:2947", "info", "PKCS12", "bike-0001", "\u0000", "\u00e9\u00e8", " = ", "#"),
                Arbitraries.strings().ofMaxLength(30));
        Arbitrary<String> line = Arbitraries.oneOf(
                Combinators.combine(key, value).as((k, v) -> k + " = " + v),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("# comment", "", "   ", "=", "bike.id", "\r"));
        return line.list().ofMaxSize(30).map(lines -> String.join("\n", lines));
    }
}
