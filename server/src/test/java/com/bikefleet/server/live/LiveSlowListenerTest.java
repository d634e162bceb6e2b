package com.bikefleet.server.live;

import static com.bikefleet.server.live.LiveBikes.untilPosition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.RawBike;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener that stops reading neither delays bikes' acks nor other listeners, and is closed with 4003. */
class LiveSlowListenerTest {

    private static final int BIKES = 20;
    /** Far more rounds than it takes to fill the bounded socket buffers; reaching it means nobody noticed. */
    private static final int MAX_ROUNDS = 5_000;

    @TempDir
    Path data;
    private LiveBikes live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveBikes(data, new LiveSettings(Duration.ofMillis(20), Duration.ofMillis(500), 100_000, 16 * 1024));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    /** Every bike sends one live fix; returns once every bike has its ack. */
    private static void round(List<RawBike> fleet, int round) throws Exception {
        for (int i = 0; i < fleet.size(); i++) {
            Fix fix = Fix.of(LiveBikes.T0.plusSeconds(round), 52.5 + i * 0.001, 13.4 + round * 1e-6);
            fleet.get(i).send(new Positions("bike-" + i, List.of(new Position(round, fix)), true, round - 1));
        }
        for (RawBike bike : fleet) {
            assertInstanceOf(Ack.class, bike.next(), "a bike got no ack while a listener was stalled");
        }
    }

    @Test
    void aStalledListenerIsClosedWith4003WhileBikesKeepGettingAcks() throws Exception {
        List<RawBike> fleet = new ArrayList<>();
        for (int i = 0; i < BIKES; i++) {
            fleet.add(live.bike("bike-" + i));
        }
        RawListener slow = RawListener.connect(live.port(), "", live.apiToken("slow"), 1)
                .get(RawListener.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        RawListener fast = live.listener();
        slow.subscribeAll();
        fast.subscribeAll();
        slow.next("snapshot");
        fast.next("snapshot");

        // The slow listener reads nothing more from here on.
        int rounds = 0;
        while (live.server.live().listenersClosedTooSlow() == 0) {
            assertTrue(rounds < MAX_ROUNDS, "the stalled listener was not closed after " + rounds + " rounds");
            round(fleet, ++rounds);
        }
        assertTrue(rounds > 1, "closed before it was behind");
        for (int i = 0; i < 20; i++) {
            round(fleet, ++rounds);
        }

        untilPosition(fast, "bike-0", rounds);
        assertTrue(live.server.live().updatesCoalesced() > 0, "the stalled listener's updates were not coalesced");
        assertEquals(1, live.server.live().listenersConnected());
        slow.resume();
        // What was queued in the socket comes out first, then the close.
        RawListener.Closed closed = slow.closed();
        assertEquals(ProtocolCodes.LISTENER_TOO_SLOW, closed.code(), closed.toString());
        assertTrue(closed.reason().startsWith("listener too slow"), closed.reason());
        slow.close();
    }
}
