package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconnect backoff forgets earlier failures only after a connection has stayed up for the stable
 * period, so a server that accepts and at once drops connections does not get hammered.
 */
class BackoffResetTest {

    @TempDir
    Path dir;


    private record Event(String kind, long retryIn) {
    }

    @ParameterizedTest(name = "stable after {0} ms: backoff reset = {1}")
    @CsvSource({"500, true", "600000, false"})
    void failuresAreForgottenOnlyAfterAStableConnection(long stableAfterMillis, boolean resets) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        AgentConfig config = AgentConfig.load(ServerProcess.provision(data, "flaky-bike", "ws://127.0.0.1:" + port,
                dir.resolve("bike.conf"), dir.resolve("outbox.db"), "1s"));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        BikeAgent agent = BikeAgent.builder()
                .bike(config.bikeId(), config.token())
                .serverUrl(URI.create("ws://127.0.0.1:" + port))
                .outbox(config.bufferPath(), config.outbox())
                .gps(GpsSources.create(config.gps(), Clock.systemUTC()))
                .reconnect(Duration.ofMillis(100), Duration.ofMinutes(10))
                .random(new LongestDelays())
                .stableAfter(Duration.ofMillis(stableAfterMillis))
                .linkListener(new LinkListener() {
                    @Override
                    public void onConnected() {
                        events.add(new Event("up", 0));
                    }

                    @Override
                    public void onDisconnected(String reason, long retryInMillis) {
                        events.add(new Event("down", retryInMillis));
                    }
                })
                .build();
        agent.start();
        try {
            // Four failed attempts with nothing listening: 100, 200, 400, 800 ms.
            for (long expected : new long[] {100, 200, 400, 800}) {
                assertEquals(new Event("down", expected), events.poll(30, TimeUnit.SECONDS));
            }
            int failures = 4;
            try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"), port)) {
                // The agent may fail once more while the server starts; count every failure until it is up.
                Event next = events.poll(30, TimeUnit.SECONDS);
                while (next != null && next.kind().equals("down")) {
                    failures++;
                    next = events.poll(30, TimeUnit.SECONDS);
                }
                assertTrue(next != null && next.kind().equals("up"), "the agent did not connect");
                // Stay connected past the short stable period (a precondition, not a measurement).
                Thread.sleep(1_000);
                server.kill();
                Event drop = events.poll(30, TimeUnit.SECONDS);
                assertTrue(drop != null && drop.kind().equals("down"), "no disconnect after SIGKILL: " + drop);
                long expected = resets ? 100 : 100L << failures;
                assertEquals(expected, drop.retryIn(), "after " + failures + " failures");
            }
        } finally {
            agent.close();
        }
    }
}
