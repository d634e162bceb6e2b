package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bike rides offline longer than its outbox holds: the outbox keeps the newest {@code buffer.max-fixes}
 * and counts what it dropped. When the server comes up, it gets exactly the fixes that were kept, and
 * the operator sees the outbox's dropped count.
 *
 * <p>At 10 fixes a second ~1500 fixes would take 150 s, so the first 1450 are written by the agent's own
 * {@code Outbox} class with the same bound before the agent starts (dropping 450), and the agent process
 * takes the rest with the server down, dropping one old fix for each new one.
 */
class OverflowTest {

    private static final String BIKE = "overflow-bike";
    private static final int MAX_FIXES = 1000;
    private static final int PREFILLED = 1450;
    private static final int GENERATED_OFFLINE = 1500;

    @TempDir
    Path dir;

    @Test
    void aFullOutboxKeepsTheNewestFixesAndTheServerShowsHowManyWereDropped() throws Exception {
        Path data = dir.resolve("data");
        Path outbox = dir.resolve("bike/outbox.db");
        int port = Setup.freePort();
        Path config = Setup.withSettings(ServerProcess.provision(data, BIKE, "ws://127.0.0.1:" + port,
                        dir.resolve("bike.conf"), outbox, "100ms"),
                "buffer.max-fixes = " + MAX_FIXES, "reconnect.base = 100ms", "reconnect.cap = 1s");
        Prefill.fixes(outbox, PREFILLED, Duration.ofMillis(100), Instant.now(), MAX_FIXES);

        try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
            // Nothing listens on the port yet: the agent keeps failing to connect and keeps riding.
            Await.until(GENERATED_OFFLINE + " fixes taken offline", Duration.ofSeconds(60),
                    () -> OutboxFile.read(outbox).lastSeq() >= GENERATED_OFFLINE);
            OutboxFile offline = OutboxFile.read(outbox);
            assertEquals(MAX_FIXES, offline.pendingSeqs().size(), "the full outbox does not hold max-fixes");
            assertTrue(offline.dropped() >= GENERATED_OFFLINE - MAX_FIXES, "dropped only " + offline.dropped());

            try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"), port)) {
                ServerApi api = server.api();
                Await.until("the kept fixes stored", Duration.ofSeconds(30), () -> {
                    OutboxFile now = OutboxFile.read(outbox);
                    return ServerDb.holdsContiguous(data, BIKE, now.dropped() + 1, offline.lastSeq());
                });
                Await.until("the server shows the dropped count", Duration.ofSeconds(30),
                        () -> droppedShown(api) == OutboxFile.read(outbox).dropped());
                assertTrue(agent.stop(), "agent did not stop on SIGTERM");

                OutboxFile left = OutboxFile.read(outbox);
                assertEquals(left.dropped(), droppedShown(api), "dropped in /api/bikes vs the outbox's meta");

                // What the bike had dropped when it said hello never reached the server; the rest did, once.
                long droppedAtHello = droppedAtHello(dir.resolve("server.log"));
                assertTrue(droppedAtHello >= GENERATED_OFFLINE - MAX_FIXES, "dropped only " + droppedAtHello);
                // The outbox is still full after the hello: while the agent waits for the server's outboxState
                // (protocol.md 2.1) and while its first batches are in flight, the fixes taken push the oldest
                // out. Those pushed out before they were sent are lost, so the first stored fix may lie a few
                // past the hello's count; those pushed out after they were sent are stored all the same. Each
                // such count needs a new fix, so it is at most the fixes taken since the server came up.
                long droppedInFlight = left.dropped() - droppedAtHello;
                long takenSinceOffline = left.lastSeq() - offline.lastSeq();
                assertTrue(droppedInFlight >= 0 && droppedInFlight <= takenSinceOffline,
                        droppedInFlight + " fixes counted as dropped after the hello, but only " + takenSinceOffline
                                + " were taken since");
                List<ServerDb.Row> stored = ServerDb.fixes(data, BIKE);
                long firstStored = stored.stream().mapToLong(ServerDb.Row::seq).min().orElseThrow();
                assertTrue(firstStored >= droppedAtHello + 1 && firstStored <= droppedAtHello + 1 + droppedInFlight,
                        "the first stored fix " + firstStored + " is not among the first kept at the hello ("
                                + (droppedAtHello + 1) + ".." + (droppedAtHello + 1 + droppedInFlight) + ")");
                ExactlyOnce.check(stored, left, firstStored);
                System.out.printf("OverflowTest: %d dropped before the hello, %d more counted as dropped while"
                                + " in flight (stored all the same); %d stored from seq %d%n", droppedAtHello,
                        droppedInFlight, ServerDb.count(data, BIKE), firstStored);
            }
        }
    }

    /** The dropped count of the bike's one hello, from the server's log line for it. */
    private static long droppedAtHello(Path serverLog) throws IOException {
        Pattern hello = Pattern.compile("Bike " + BIKE + " connected: .* dropped (\\d+)");
        List<Long> counts = Files.readAllLines(serverLog, StandardCharsets.ISO_8859_1).stream()
                .map(hello::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(1, counts.size(), "hellos in the server log: " + counts);
        return counts.get(0);
    }

    /** The bike's "dropped" as GET /api/bikes shows it, or -1 when it shows none. */
    private static long droppedShown(ServerApi api) throws Exception {
        for (JsonElement bike : api.get("/api/bikes").getAsJsonArray()) {
            JsonObject row = bike.getAsJsonObject();
            if (BIKE.equals(row.get("id").getAsString())) {
                JsonElement dropped = row.get("dropped");
                return dropped == null || dropped.isJsonNull() ? -1 : dropped.getAsLong();
            }
        }
        return -1;
    }
}
