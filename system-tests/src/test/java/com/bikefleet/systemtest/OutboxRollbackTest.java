package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut that takes the outbox's write-ahead log and fix journal with it (what {@code buffer.sync = normal}
 * or a failing SD card can do) rolls the outbox back to its last checkpoint: same outbox id, older numbering. The restarted
 * agent must not reuse the numbers the server already holds, or its new fixes are dropped as duplicates.
 */
class OutboxRollbackTest {

    private static final String BIKE = "rollback-bike";

    @TempDir
    Path dir;

    @Test
    void fixesTakenAfterALostWalAreStoredNotDroppedAsDuplicates() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        Path agentLog = dir.resolve("agent.log");
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"))) {
            Path config = Setup.withSettings(server.provision(BIKE, dir.resolve("bike.conf"), outbox, "100ms"),
                    "reconnect.base = 100ms", "reconnect.cap = 1s");
            // A clean stop checkpoints the outbox: this is what a lost WAL rolls back to.
            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("some fixes stored", Duration.ofSeconds(60), () -> ServerDb.count(data, BIKE) >= 20);
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
            }
            long checkpointed = OutboxFile.read(outbox).lastSeq();
            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("100 more fixes stored", Duration.ofSeconds(60),
                        () -> ServerDb.holdsContiguous(data, BIKE, 1, checkpointed + 100));
                agent.kill();
            }
            Files.delete(outbox.resolveSibling("outbox.db-wal"));
            Files.deleteIfExists(outbox.resolveSibling("outbox.db-shm"));
            // And the fix journal: unsynced too with buffer.sync = normal, and on a failing card as likely lost.
            Files.deleteIfExists(outbox.resolveSibling("outbox.db.journal"));
            // Frames the killed agent sent last may still be in the server's commit group: wait for a settled figure.
            long serverHighest = settledHighestSeq(data);
            assertEquals(checkpointed, OutboxFile.read(outbox).lastSeq(), "the outbox rolled back");

            try (AgentProcess agent = AgentProcess.start(config, agentLog)) {
                Await.until("30 new fixes stored above the server's highest seq", Duration.ofSeconds(60),
                        () -> ServerDb.holdsContiguous(data, BIKE, serverHighest + 1, serverHighest + 31));
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");
            }
            long last = OutboxFile.read(outbox).lastSeq();
            long skipped = metaLong(outbox, "skipped");
            assertEquals(serverHighest - checkpointed, skipped, "numbers skipped: the server's highest seq was "
                    + serverHighest + ", the rolled back outbox's " + checkpointed);
            long taken = last - checkpointed - skipped;
            // Selected by number, not by time: the simulated GPS starts on a whole second, so the restarted agent's
            // first fixes can carry times from before the kill. Numbered above the server's highest, they are the
            // restarted agent's; reusing the rolled-back numbers would leave some of them out.
            List<ServerDb.Row> stored = ServerDb.fixes(data, BIKE).stream().filter(r -> r.seq() > serverHighest).toList();
            // Every fix the restarted agent took is stored: none was dropped as a duplicate of an old one.
            assertEquals(taken, stored.size(), "fixes taken after the restart vs stored");
            assertTrue(Setup.linesContaining(agentLog, "The outbox had rolled back") >= 1);
            String bikes = server.api().get("/api/bikes").toString();
            assertTrue(bikes.contains("\"skipped\":" + skipped), "the bike list shows the skip: " + bikes);
        }
    }

    private static long settledHighestSeq(Path data) throws Exception {
        long[] last = {-1};
        Await.until("the server's highest seq settles", Duration.ofSeconds(10), () -> {
            long now = ServerDb.fixes(data, BIKE).stream().mapToLong(ServerDb.Row::seq).max().orElseThrow();
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        }, Duration.ofMillis(500));
        return last[0];
    }

    private static long metaLong(Path outbox, String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + outbox);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = '" + key + "'")) {
            return r.next() ? Long.parseLong(r.getString(1)) : 0;
        }
    }
}
