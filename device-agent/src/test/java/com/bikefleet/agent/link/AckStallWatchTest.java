package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AckStallWatchTest {

    private static final long S = 1_000_000_000L;

    private final AckStallWatch watch = new AckStallWatch(30 * S, 0);

    @Test
    void acksThatKeepComingWithoutMovingLeadToAResendAfterTheLimit() {
        watch.acked(10, 1 * S);
        watch.acked(10, 5 * S);
        assertFalse(watch.shouldResend(true, 30 * S), "not yet: 29 s since the ack moved");
        assertTrue(watch.shouldResend(true, 31 * S));
    }

    @Test
    void aServerThatSendsNoAcksIsLeftAlone() {
        watch.acked(10, 1 * S);
        assertFalse(watch.shouldResend(true, 300 * S));
    }

    @Test
    void anAckThatMovesStartsOver() {
        watch.acked(10, 1 * S);
        watch.acked(10, 20 * S);
        watch.acked(11, 25 * S);
        assertFalse(watch.shouldResend(true, 40 * S));
    }

    @Test
    void nothingOwedIsProgress() {
        watch.acked(10, 1 * S);
        watch.acked(10, 2 * S);
        assertFalse(watch.shouldResend(false, 40 * S));
        watch.acked(10, 41 * S);
        assertFalse(watch.shouldResend(true, 60 * S), "20 s since nothing was owed");
    }

    @Test
    void eachResendDoublesTheWaitUntilTheAckMoves() {
        watch.acked(10, 1 * S);
        watch.acked(10, 2 * S);
        assertTrue(watch.shouldResend(true, 31 * S));
        watch.acked(10, 32 * S);
        assertFalse(watch.shouldResend(true, 62 * S), "the limit is 60 s now");
        assertTrue(watch.shouldResend(true, 91 * S));
        watch.acked(12, 92 * S);
        watch.acked(12, 93 * S);
        assertTrue(watch.shouldResend(true, 122 * S), "back to 30 s once the ack moved");
    }
}
