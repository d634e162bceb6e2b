package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.gps.setup.GpsSources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own Tyrus client against the real server with a token that is not the bike's. */
class WrongTokenTest {

    @TempDir
    Path dir;

    @Test
    void aBikeWithAWrongTokenIsRefusedAtOnceAndStoresNothing() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            server.provision("honest-bike", dir.resolve("honest.conf"), dir.resolve("unused.db"), "1s");
            CountDownLatch refused = new CountDownLatch(1);
            BikeAgent agent = BikeAgent.builder()
                    .bike("honest-bike", "a-guessed-token")
                    .serverUrl(URI.create(server.wsUrl()))
                    .outbox(dir.resolve("outbox.db"))
                    .reportInterval(Duration.ofMillis(100))
                    .gps(GpsSources.create(GpsSettings.builder().source(GpsSettings.Source.SIMULATED)
                            .simPeriod(Duration.ofMillis(100)).build(), Clock.systemUTC()))
                    .linkListener(new LinkListener() {
                        @Override
                        public void onUnauthorized() {
                            refused.countDown();
                        }
                    })
                    .build();
            agent.start();
            try {
                // Bounded by the handshake, not by a timeout: the agent is told 401 and says so.
                assertTrue(refused.await(15, TimeUnit.SECONDS), "the agent was not told it is unauthorized");
                Await.until("fixes kept in the outbox", Duration.ofSeconds(10), () -> agent.outboxDepth() > 0);
            } finally {
                agent.close();
            }
            assertEquals(0, server.api().track("honest-bike").size());
        }
    }
}
