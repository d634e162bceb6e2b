package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandshakeAdmissionTest {

    private final AtomicInteger queued = new AtomicInteger();
    private final HandshakeAdmission admission = new HandshakeAdmission(queued::get, 100, new Random(7));

    @Test
    void bikesAreAdmittedWhileTheStoreHasLessThanTheThresholdWaiting() {
        queued.set(99);
        assertNull(admission.deferral());
        assertEquals(0, admission.deferred());
    }

    @Test
    void fromTheThresholdOnBikesAreToldToComeBackWithinTheWindowSpreadOut() {
        queued.set(100);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Integer seconds = admission.deferral();
            assertNotNull(seconds);
            assertTrue(seconds >= HandshakeAdmission.MIN_RETRY_SECONDS
                    && seconds <= HandshakeAdmission.MAX_RETRY_SECONDS, "Retry-After " + seconds);
            seen.add(seconds);
        }
        assertEquals(HandshakeAdmission.MAX_RETRY_SECONDS - HandshakeAdmission.MIN_RETRY_SECONDS + 1, seen.size());
        assertEquals(200, admission.deferred());
        queued.set(0);
        assertNull(admission.deferral());
    }

    @Test
    void aThresholdBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeAdmission(queued::get, 0, new Random()));
    }
}
