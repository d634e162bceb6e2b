package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server loses power mid-stream and comes back on the same port and data; the bike loses nothing. */
class ServerKillTest {

    private static final String BIKE = "kill-server-bike";

    @TempDir
    Path dir;

    @Test
    void fixesTakenWhileTheServerIsDownArriveOnceAfterItComesBack() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        Path agentLog = dir.resolve("agent.log");
        int port = Setup.freePort();
        long started = System.nanoTime();

        try (ServerProcess first = ServerProcess.start(data, dir.resolve("server-1.log"), port)) {
            assertEquals(port, first.port());
            Path config = Setup.withSettings(first.provision(BIKE, dir.resolve("bike.conf"), outbox, "100ms"),
                    "reconnect.base = 100ms", "reconnect.cap = 1s");

            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("20 fixes stored", Duration.ofSeconds(60), () -> ServerDb.count(data, BIKE) >= 20);
                first.kill();
                long storedBeforeKill = ServerDb.count(data, BIKE);
                // Usually some of the acked live fixes are only in the arrivals table now (a round merges every
                // 10 s); the next start must read them back (ArrivalTiersTest checks that step by step).
                long unmergedAtKill = ServerDb.unmergedArrivals(data);

                // The agent keeps taking fixes with nowhere to send them: they pile up in its outbox.
                Await.until("30 fixes taken after the kill", Duration.ofSeconds(30),
                        () -> OutboxFile.read(outbox).pendingSeqs().size() >= 30);
                assertTrue(agent.isAlive(), "the agent died with the server");
                long takenWhileDown = OutboxFile.read(outbox).lastSeq();

                try (ServerProcess second = ServerProcess.start(data, dir.resolve("server-2.log"), port)) {
                    assertEquals(port, second.port(), "the server came back on another port");
                    Await.until("the agent caught up to seq " + takenWhileDown, Duration.ofSeconds(30),
                            () -> ServerDb.holdsContiguous(data, BIKE, 1, takenWhileDown));
                    assertTrue(Setup.linesContaining(agentLog, "Connected to") >= 2,
                            "the agent did not log a second connection");
                    assertTrue(agent.stop(), "agent did not stop on SIGTERM");
                    System.out.printf("ServerKillTest: %d stored before the kill (%d of them unmerged), caught up to"
                            + " %d after; %.1f s%n", storedBeforeKill, unmergedAtKill, takenWhileDown,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        assertEquals(0, ServerDb.unmergedArrivals(data), "a clean stop left live fixes unmerged");
        ExactlyOnce.check(ServerDb.fixes(data, BIKE), OutboxFile.read(outbox), 1);
    }
}
