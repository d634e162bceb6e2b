package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command table of docs/protocol.md section 2.6, as the server and the agent both apply it. */
class CommandNameTest {

    @Test
    void eachCommandTakesExactlyItsArgumentInRange() {
        assertNull(CommandName.problem("set-report-interval", Map.of("interval", "5s")));
        assertNull(CommandName.problem("set-report-interval", Map.of("interval", "100ms")));
        assertNull(CommandName.problem("set-report-interval", Map.of("interval", "1h")));
        assertTrue(CommandName.problem("set-report-interval", Map.of("interval", "99ms")).contains("100ms to 1h"));
        assertTrue(CommandName.problem("set-report-interval", Map.of("interval", "2h")).contains("100ms to 1h"));
        assertTrue(CommandName.problem("set-report-interval", Map.of()).contains("100ms to 1h"));
        assertNull(CommandName.problem("maintenance-notice", Map.of("text", "x".repeat(500))));
        assertTrue(CommandName.problem("maintenance-notice", Map.of("text", "x".repeat(501))).contains("got 501"));
        assertTrue(CommandName.problem("maintenance-notice", Map.of("text", " ")).contains("1..500"));
        assertNull(CommandName.problem("ring", Map.of()));
        assertTrue(CommandName.problem("ring", Map.of("loud", "yes")).contains("takes no arguments"));
        assertNull(CommandName.problem("lock", Map.of("locked", "false")));
        assertTrue(CommandName.problem("lock", Map.of("locked", "maybe")).contains("true or false"));
        assertTrue(CommandName.problem("lock", Map.of("locked", "true", "x", "y")).contains("takes only 'locked'"));
    }

    @Test
    void anUnknownNameIsQuotedShortAndTheKnownOnesListed() {
        String problem = CommandName.problem("x".repeat(10_000), Map.of());
        assertTrue(problem.length() < 200, problem);
        assertTrue(problem.endsWith("known: [set-report-interval, maintenance-notice, ring, lock]"), problem);
    }

    @Test
    void wireNamesRoundTrip() {
        for (CommandName name : CommandName.values()) {
            assertEquals(name, CommandName.fromWire(name.wireName()));
        }
        assertEquals(Duration.ofMillis(500), CommandName.interval("500ms"));
        assertNull(CommandName.fromWire("RING"));
        assertEquals(GpsState.NO_FIX, GpsState.fromWire("no_fix"));
        assertEquals(ResultStatus.UNSUPPORTED, ResultStatus.fromWire("unsupported"));
    }
}
