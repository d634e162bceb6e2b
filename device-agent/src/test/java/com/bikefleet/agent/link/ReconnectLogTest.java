package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReconnectLogTest {

    private static final long S = 1_000_000_000L;
    private static final String REFUSED = "connect failed: Connection refused";

    private final ReconnectLog log = new ReconnectLog();

    @Test
    void theFirstFailureIsLoggedAndTheSameOneAgainOnlyAfterTenMinutesWithTheAttemptsItStoodFor() {
        assertTrue(log.failed(REFUSED, 0).info());
        for (long t = 20; t < 600; t += 20) {
            assertFalse(log.failed(REFUSED, t * S).info(), "at " + t + " s");
        }
        ReconnectLog.Line summary = log.failed(REFUSED, 600 * S);
        assertTrue(summary.info());
        assertEquals(30, summary.attemptsSinceLogged(), "29 quiet attempts and this one");
        assertFalse(log.failed(REFUSED, 620 * S).info(), "the ten minutes start again");
    }

    @Test
    void aNewReasonIsLoggedAtOnce() {
        log.failed(REFUSED, 0);
        assertFalse(log.failed(REFUSED, 20 * S).info());
        assertTrue(log.failed("connect failed: No route to host", 40 * S).info());
        assertTrue(log.failed(REFUSED, 60 * S).info(), "back to the first reason is a change too");
    }

    @Test
    void aConnectionInBetweenStartsANewRun() {
        log.failed(REFUSED, 0);
        log.connected();
        ReconnectLog.Line line = log.failed(REFUSED, 30 * S);
        assertTrue(line.info(), "the first failure after a connection is news");
        assertEquals(1, line.attemptsSinceLogged());
    }
}
