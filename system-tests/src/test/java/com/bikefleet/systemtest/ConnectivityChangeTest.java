package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.setup.GpsSources;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a connectivity change the agent tries at once instead of sitting out its backoff. */
class ConnectivityChangeTest {

    @TempDir
    Path dir;


    @Test
    void aNetworkChangeEndsTheBackoffWait() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path configFile = ServerProcess.provision(data, "roaming-bike", "ws://127.0.0.1:" + port,
                dir.resolve("bike.conf"), dir.resolve("outbox.db"), "1s");
        AgentConfig config = AgentConfig.load(configFile);

        AtomicReference<String> network = new AtomicReference<>("wlan0=10.0.0.7");
        AtomicLong retryIn = new AtomicLong();
        CountDownLatch firstFailure = new CountDownLatch(1);
        CountDownLatch connected = new CountDownLatch(1);
        BikeAgent agent = BikeAgent.builder()
                .bike(config.bikeId(), config.token())
                .serverUrl(URI.create("ws://127.0.0.1:" + port))
                .outbox(config.bufferPath(), config.outbox())
                .gps(GpsSources.create(config.gps(), Clock.systemUTC()))
                .reconnect(Duration.ofMinutes(2), Duration.ofMinutes(2))
                .random(new LongestDelays())
                .network(network::get, Duration.ofMillis(100))
                .linkListener(new LinkListener() {
                    @Override
                    public void onDisconnected(String reason, long retryInMillis) {
                        retryIn.set(retryInMillis);
                        firstFailure.countDown();
                    }

                    @Override
                    public void onConnected() {
                        connected.countDown();
                    }
                })
                .build();
        agent.start();
        try {
            // Nothing listens yet: the first attempt fails and the agent settles into a long wait.
            assertTrue(firstFailure.await(30, TimeUnit.SECONDS), "the first attempt did not fail");
            assertTrue(retryIn.get() > 60_000, "backoff should be long here, was " + retryIn.get() + " ms");
        } catch (AssertionError e) {
            agent.close();
            throw e;
        }
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"), port)) {
            network.set("wwan0=100.64.1.9");

            // Well inside the two-minute backoff the agent was told to wait.
            assertTrue(connected.await(30, TimeUnit.SECONDS), "the agent did not reconnect after the change");
        } finally {
            agent.close();
        }
    }
}
