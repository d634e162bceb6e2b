package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.setup.GpsSources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live fix lost on a connection that stays up holds the server's cumulative acknowledgement below it;
 * the agent notices that the acknowledgement has stopped moving while fixes are owed and sends them again,
 * so the lost fix is stored after all, once, without a reconnect.
 */
class LostFrameTest {

    @TempDir
    Path dir;

    @Test
    void aLiveFixLostOnAnOpenConnectionIsSentAgainWhenTheAckStopsMoving() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        AgentConfig config = AgentConfig.load(ServerProcess.provision(data, "lossy-bike", "ws://127.0.0.1:1",
                dir.resolve("bike.conf"), dir.resolve("outbox.db"), "1s"));
        AtomicInteger connects = new AtomicInteger();
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"));
             FrameDroppingProxy proxy = FrameDroppingProxy.start(server.port(), "\"live\":true", 4)) {
            BikeAgent agent = BikeAgent.builder()
                    .bike(config.bikeId(), config.token())
                    .serverUrl(URI.create("ws://127.0.0.1:" + proxy.port()))
                    .outbox(config.bufferPath(), config.outbox())
                    .gps(GpsSources.create(config.gps(), Clock.systemUTC()))
                    .reportInterval(Duration.ofSeconds(1))
                    // Pings keep the connection up through the proxy; a stalled ack is acted on after 3 s.
                    .liveness(Duration.ofMillis(500), Duration.ofSeconds(3))
                    .linkListener(new LinkListener() {
                        @Override
                        public void onConnected() {
                            connects.incrementAndGet();
                        }
                    })
                    .build();
            agent.start();
            try {
                Await.until("a live fix thrown away by the proxy", Duration.ofSeconds(30),
                        () -> proxy.dropped() != null);
                long lost = seqOf(proxy.dropped());
                // Later live fixes arrive and are stored while the lost one is missing...
                Await.until("a fix after the lost one stored", Duration.ofSeconds(30),
                        () -> ServerDb.count(data, config.bikeId()) >= lost + 2);
                // ...and then the agent sends it again, on the same connection.
                Await.until("every fix from 1 to " + (lost + 2) + " stored", Duration.ofSeconds(30),
                        () -> ServerDb.holdsContiguous(data, config.bikeId(), 1, lost + 2));
                assertEquals(1, connects.get(), "the agent reconnected instead of resending");
            } finally {
                agent.close();
            }
        }
    }

    /** The seq of the one fix in a live positions frame. */
    private static long seqOf(String frame) {
        Matcher m = Pattern.compile("\"seq\":(\\d+)").matcher(frame);
        assertTrue(m.find(), frame);
        return Long.parseLong(m.group(1));
    }
}
