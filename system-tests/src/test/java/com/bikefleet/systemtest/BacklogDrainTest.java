package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bike comes back online after a day without a network: 24 hours of 1 Hz fixes wait in its outbox. The
 * backlog must drain completely and exactly once, while the map keeps showing where the bike is now.
 */
class BacklogDrainTest {

    private static final String BIKE = "backlog-bike";
    private static final int BACKLOG = 86_400;

    @TempDir
    Path dir;

    @Test
    void aDayOfBacklogDrainsOnceWhileLiveFixesGoFirst() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        long drainNanos;

        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path config = Setup.withSettings(server.provision(BIKE, dir.resolve("bike.conf"), outbox, "100ms"),
                    "buffer.max-fixes = 200000", "buffer.max-bytes = 1GB",
                    "reconnect.base = 100ms", "reconnect.cap = 1s");
            long prefillStart = System.nanoTime();
            assertEquals(BACKLOG, Prefill.fixes(outbox, BACKLOG, Duration.ofSeconds(1), Instant.now(), 200_000));
            System.out.printf("BacklogDrainTest: prefilled %d fixes in %.1f s%n", BACKLOG,
                    (System.nanoTime() - prefillStart) / 1e9);

            long agentStart = System.nanoTime();
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
                Await.until("the backlog drained", Duration.ofSeconds(120),
                        () -> ServerDb.holdsContiguous(data, BIKE, 1, BACKLOG + 1));
                drainNanos = System.nanoTime() - agentStart;
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
            }
        }

        List<ServerDb.Row> stored = ServerDb.fixes(data, BIKE);
        ExactlyOnce.check(stored, OutboxFile.read(outbox), 1);

        LongSummaryStatistics backlog = stored.stream().filter(r -> r.seq() <= BACKLOG)
                .mapToLong(ServerDb.Row::receivedAt).summaryStatistics();
        List<ServerDb.Row> live = stored.stream().filter(r -> r.seq() > BACKLOG).toList();
        long firstLive = live.stream().mapToLong(ServerDb.Row::receivedAt).min().orElseThrow();
        long seq86401 = live.stream().filter(r -> r.seq() == BACKLOG + 1).findFirst().orElseThrow().receivedAt();
        System.out.printf("BacklogDrainTest: %d backlog fixes received over %d ms (agent start to drained: %.1f s);"
                        + " %d live fixes; first live received at %+d ms, seq %d at %+d ms, seq %d at %+d ms%n",
                BACKLOG, backlog.getMax() - backlog.getMin(), drainNanos / 1e9, live.size(),
                firstLive - backlog.getMin(), BACKLOG + 1, seq86401 - backlog.getMin(), BACKLOG,
                stored.get(BACKLOG - 1).receivedAt() - backlog.getMin());

        // Live first. The newest fix at connect goes ahead of the whole backlog. Fixes taken after the agent
        // started but before its connection opened are sent with the backlog, after seq 86,400 in the same
        // batch, so seq 86,401 itself is only guaranteed not to come later than the last backlog fix.
        assertEquals(BACKLOG, stored.get(BACKLOG - 1).seq());
        assertTrue(firstLive <= backlog.getMin(), "a backlog fix reached the server before any live fix");
        assertTrue(seq86401 <= stored.get(BACKLOG - 1).receivedAt(),
                "the first live fix (seq " + (BACKLOG + 1) + ") was received after the last backlog fix");
        if (backlog.getMax() - backlog.getMin() > 1000) {
            assertTrue(live.stream().anyMatch(r -> r.receivedAt() > backlog.getMin()
                            && r.receivedAt() < backlog.getMax()),
                    "no live fix arrived while the backlog drained");
        }
    }
}
