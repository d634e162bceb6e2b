package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandshakeAdmissionTest {

    private final AtomicLong lagNanos = new AtomicLong();
    private final HandshakeAdmission admission = new HandshakeAdmission(lagNanos::get, Duration.ofMillis(500),
            new Random(7));

    @Test
    void bikesAreAdmittedWhileTheStoresLiveWritesAreLessThanTheThresholdBehind() {
        lagNanos.set(Duration.ofMillis(499).toNanos());
        assertNull(admission.deferral());
        assertEquals(0, admission.deferred());
    }

    @Test
    void fromTheThresholdOnBikesAreToldToComeBackWithinTheWindowSpreadOut() {
        lagNanos.set(Duration.ofMillis(500).toNanos());
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
        lagNanos.set(0);
        assertNull(admission.deferral());
    }

    @Test
    void aThresholdThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new HandshakeAdmission(lagNanos::get, Duration.ZERO, new Random()));
    }
}
