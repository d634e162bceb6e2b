package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which of a bike's connections the registry keeps: the one admitted last, whatever order they open in. */
class ConnectedBikesTest {

    private final ConnectedBikes connected = new ConnectedBikes();

    private static BikeConnection admitted(String bikeId, long admission) {
        return new BikeConnection(bikeId, admission, null, null, null, new BikeSends(1), null);
    }

    @Test
    void aConnectionAdmittedLaterReplacesTheRegisteredOne() {
        BikeConnection older = admitted("bike-1", 1);
        BikeConnection newer = admitted("bike-1", 2);

        assertNull(connected.register(older));
        assertSame(older, connected.register(newer));
        assertFalse(connected.unregister(older), "the replaced connection was still registered");
        assertTrue(connected.unregister(newer));
    }

    @Test
    void aConnectionAdmittedEarlierThatOpensLastLosesToTheRegisteredOne() {
        // Tyrus' onOpen order is not the admission order; it also opens a session from an already used upgrade.
        BikeConnection newer = admitted("bike-1", 2);
        BikeConnection older = admitted("bike-1", 1);

        assertNull(connected.register(newer));
        assertSame(older, connected.register(older), "the earlier admitted connection is the one to close");
        assertFalse(connected.unregister(older));
        assertTrue(connected.unregister(newer), "the later admitted connection stays registered");
    }

    @Test
    void connectionsOfOtherBikesDoNotCompete() {
        assertNull(connected.register(admitted("bike-1", 2)));
        assertNull(connected.register(admitted("bike-2", 1)));
        assertEquals(2, connected.count());
    }
}
