package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bike loses power several times while it is sending: each time it comes back on the same outbox
 * file, keeps its outbox id and numbering, and nothing is lost or stored twice.
 */
class AgentKillTest {

    private static final String BIKE = "kill-agent-bike";
    private static final int CYCLES = 3;
    /** A backlog from an offline ride, so the first power cuts land while batches are in flight. */
    private static final int BACKLOG = 30_000;

    @TempDir
    Path dir;

    @Test
    void powerCutsWhileSendingLoseNothingAndStoreNothingTwice() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        Path agentLog = dir.resolve("agent.log");
        Random moments = new Random(20240501L);
        long started = System.nanoTime();

        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path config = Setup.withSettings(server.provision(BIKE, dir.resolve("bike.conf"), outbox, "100ms"),
                    "reconnect.base = 100ms", "reconnect.cap = 1s");
            Prefill.fixes(outbox, BACKLOG, Duration.ofSeconds(1), Instant.now(), 100_000);
            OutboxFile before = OutboxFile.read(outbox);
            String outboxId = before.outboxId();
            List<Long> lastSeqAtKill = new ArrayList<>(List.of(before.lastSeq()));

            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                long previousLast = lastSeqAtKill.get(lastSeqAtKill.size() - 1);
                long storedBefore = ServerDb.count(data, BIKE);
                long cut;
                try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                    // Sending has started and the bike took new fixes; then cut the power at a seeded moment.
                    Await.until("cycle " + cycle + ": sending and taking fixes", Duration.ofSeconds(60),
                            () -> ServerDb.count(data, BIKE) > storedBefore
                                    && OutboxFile.read(outbox).lastSeq() > previousLast);
                    cut = 50 + moments.nextInt(400);
                    Thread.sleep(cut);
                    agent.kill();
                }
                OutboxFile after = OutboxFile.read(outbox);
                assertEquals(outboxId, after.outboxId(), "the outbox id changed after power cut " + cycle);
                assertTrue(after.lastSeq() > previousLast, "cycle " + cycle + " numbered no new fix above "
                        + previousLast + ": last seq " + after.lastSeq());
                lastSeqAtKill.add(after.lastSeq());
                System.out.printf("AgentKillTest: cut %d after %d ms: %d stored, %d pending, last seq %d%n", cycle,
                        cut, ServerDb.count(data, BIKE), after.pendingSeqs().size(), after.lastSeq());
            }
            long lastCut = lastSeqAtKill.get(lastSeqAtKill.size() - 1);
            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("caught up past seq " + lastCut, Duration.ofSeconds(60),
                        () -> ServerDb.holdsContiguous(data, BIKE, 1, lastCut + 1));
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
            }
            // Each start carried on from the numbering the one before left on the card at its power cut.
            assertEquals(lastSeqAtKill, lastSeqAtEachStart(agentLog));
        }

        OutboxFile left = OutboxFile.read(outbox);
        List<ServerDb.Row> stored = ServerDb.fixes(data, BIKE);
        ExactlyOnce.check(stored, left, 1);
        System.out.printf("AgentKillTest: %d fixes stored once after %d power cuts; %.1f s%n", stored.size(), CYCLES,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The last sequence number each agent start found in the outbox, in order, from its log. (Not checked
     * through GPS times: the simulated receiver starts each run at the whole second, so a quick restart
     * may stamp its first fixes earlier than the last ones of the run before.)
     */
    private static List<Long> lastSeqAtEachStart(Path agentLog) throws IOException {
        Pattern opened = Pattern.compile("Outbox \\S+ opened: \\d+ fixes pending, last seq (\\d+),");
        return Files.readAllLines(agentLog, StandardCharsets.ISO_8859_1).stream().map(opened::matcher)
                .filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
    }
}
