package com.bikefleet.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RemoteRosterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RemoteRoster roster = new RemoteRoster(nanos::get, Duration.ofSeconds(30));

    @Test
    void aBikeThatMovesIsHeldByItsNewestInstanceOnlyAndItsOldOfflineDoesNotHideIt() {
        assertTrue(roster.online("a", "bike-1"));
        assertFalse(roster.online("b", "bike-1"), "already online elsewhere");
        assertEquals("b", roster.holder("bike-1"));
        assertFalse(roster.offline("a", "bike-1"), "a's old connection closing leaves it online on b");
        assertTrue(roster.offline("b", "bike-1"));
        assertNull(roster.holder("bike-1"));
    }

    @Test
    void aRosterAddsWhatWasMissedAndReportsWhatLeft() {
        roster.online("a", "bike-1");
        roster.online("a", "bike-2");
        RemoteRoster.Change change = roster.roster("a", List.of("bike-2", "bike-3"));
        assertEquals(List.of("bike-3"), change.online());
        assertEquals(List.of("bike-1"), change.offline());
    }

    @Test
    void anInstanceSilentPastTheTtlIsForgottenWithItsBikes() {
        roster.online("a", "bike-1");
        roster.online("b", "bike-2");
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        roster.roster("b", List.of("bike-2"));
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());
        assertEquals(List.of("bike-1"), roster.expire());
        assertNull(roster.holder("bike-1"));
        assertEquals("b", roster.holder("bike-2"));
        assertEquals(1, roster.size());
    }

    @Test
    void aBikeTakenHereIsNoLongerHeldElsewhere() {
        roster.online("a", "bike-1");
        roster.heldHere("bike-1");
        assertNull(roster.holder("bike-1"));
    }
}
