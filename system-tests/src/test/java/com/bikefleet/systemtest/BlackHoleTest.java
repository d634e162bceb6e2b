package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network silently stops carrying bytes while the TCP connection looks up. The agent must notice by
 * its ping deadline (nothing else would tell it), keep taking fixes, and deliver them once the path heals.
 */
class BlackHoleTest {

    private static final String BIKE = "black-hole-bike";
    private static final Duration PING_INTERVAL = Duration.ofMillis(500);
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(1500);
    /** The agent checks its deadline on each ping tick, so it may notice one interval late; plus slack for a busy machine. */
    private static final Duration NOTICE_WITHIN = PING_INTERVAL.plus(PONG_TIMEOUT).plus(Duration.ofSeconds(2));

    @TempDir
    Path dir;

    @Test
    void theAgentNoticesABlackHoledLinkByItsPingDeadlineAndCatchesUpAfterwards() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        Path agentLog = dir.resolve("agent.log");

        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"));
             TcpProxy proxy = TcpProxy.start(server.port())) {
            Path config = Setup.withSettings(ServerProcess.provision(data, BIKE, proxy.wsUrl(), dir.resolve("bike.conf"),
                            outbox, "100ms"),
                    "link.ping-interval = " + PING_INTERVAL.toMillis() + "ms",
                    "link.pong-timeout = " + PONG_TIMEOUT.toMillis() + "ms",
                    "reconnect.base = 100ms", "reconnect.cap = 1s");

            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("20 fixes stored through the proxy", Duration.ofSeconds(60),
                        () -> ServerDb.count(data, BIKE) >= 20);

                proxy.blackHole();
                long holeAt = System.nanoTime();
                Await.until("the agent's log says the link is dead", NOTICE_WITHIN,
                        () -> Setup.linesContaining(agentLog, "No pong within") >= 1);
                double noticedAfter = (System.nanoTime() - holeAt) / 1e9;
                long storedWhenNoticed = ServerDb.count(data, BIKE);
                long bytesWhenNoticed = proxy.bytesToServer();
                long takenWhenNoticed = OutboxFile.read(outbox).lastSeq();

                // The bike keeps riding: wait for a second's worth of fixes that have nowhere to go.
                Await.until("10 more fixes taken in the black hole", Duration.ofSeconds(30),
                        () -> OutboxFile.read(outbox).lastSeq() >= takenWhenNoticed + 10);
                assertEquals(bytesWhenNoticed, proxy.bytesToServer(), "bytes reached the server through the hole");
                assertEquals(storedWhenNoticed, ServerDb.count(data, BIKE), "the server stored fixes meanwhile");
                assertTrue(proxy.bytesSwallowed() > 0, "the agent sent nothing into the black hole");

                long takenBeforeHeal = OutboxFile.read(outbox).lastSeq();
                proxy.heal();
                long healedAt = System.nanoTime();
                Await.until("the agent caught up to seq " + takenBeforeHeal, Duration.ofSeconds(30),
                        () -> ServerDb.holdsContiguous(data, BIKE, 1, takenBeforeHeal));
                double caughtUpAfter = (System.nanoTime() - healedAt) / 1e9;
                assertTrue(Setup.linesContaining(agentLog, "Connected to") >= 2,
                        "the agent did not log a new connection");
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
                System.out.printf("BlackHoleTest: dead link noticed after %.1f s, caught up %.1f s after the heal%n",
                        noticedAfter, caughtUpAfter);
            }
        }
        ExactlyOnce.check(ServerDb.fixes(data, BIKE), OutboxFile.read(outbox), 1);
    }
}
