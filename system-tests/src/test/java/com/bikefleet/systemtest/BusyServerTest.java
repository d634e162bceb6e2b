package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.link.LinkListener;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.setup.GpsSources;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose store is behind defers new bikes at the handshake (503 with Retry-After) instead of taking
 * them on and pushing them back moments later, and the agent waits as long as the server asked instead of
 * its own backoff. Once the store catches up the same bike connects and its fixes are stored. The store is
 * made to fall behind by write-locking the server's SQLite file from here, as a long operator query or a slow
 * disk would.
 */
class BusyServerTest {

    @TempDir
    Path dir;

    private record Event(String kind, String reason, long retryIn) {
    }

    @Test
    void aBusyStoreDefersNewBikesWithRetryAfterAndTheAgentComesBackWhenAsked() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String wsPlaceholder = "ws://127.0.0.1:1";
        AgentConfig filler = AgentConfig.load(ServerProcess.provision(data, "filler-bike", wsPlaceholder,
                dir.resolve("filler.conf"), dir.resolve("filler.db"), "1s"));
        AgentConfig config = AgentConfig.load(ServerProcess.provision(data, "busy-bike", wsPlaceholder,
                dir.resolve("bike.conf"), dir.resolve("outbox.db"), "1s"));
        HttpClient http = HttpClient.newHttpClient();
        // The store is write-locked below, so its live writes fall behind: new bikes are deferred once they are
        // HandshakeAdmission.DEFER_FROM (500 ms) behind.
        try (ServerProcess server = ServerProcess.start(data, dir.resolve("server.log"), 0,
                "--set", "store.queue-capacity=2", "--set", "store.max-commit-group=1")) {
            String ws = "ws://127.0.0.1:" + server.port();
            Connection lock = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("bikefleet.db"));
            BikeAgent agent = null;
            try {
                try (Statement s = lock.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                }
                // The filler's hello is a write (its status) that the committer takes and then waits on the
                // lock with; its fixes queue behind it.
                try (RawBike busy = RawBike.connect(ws, filler.bikeId(), filler.token())) {
                    MessageCodec codec = new MessageCodec();
                    for (long seq = 1; seq <= 2; seq++) {
                        busy.send(codec.encode(new Positions(filler.bikeId(), List.of(new Position(seq,
                                new Fix(Instant.parse("2026-11-01T10:00:00Z").plusSeconds(seq), 52.37, 4.89, null,
                                        null, null, null, null, FixType.THREE_D))), true, 0)));
                    }
                    Await.until("a write queued in the store", Duration.ofSeconds(30),
                            () -> server.metric("bikefleet_storage_queue_depth") >= 1);
                    // metric() reads whole units: a second behind, past the deferral's half second.
                    Await.until("the store's live writes a second behind", Duration.ofSeconds(30),
                            () -> server.metric("bikefleet_storage_live_lag_seconds") >= 1);

                    ExecutionException refused = assertThrows(ExecutionException.class,
                            () -> http.newWebSocketBuilder()
                                    .header("Authorization", "Bearer " + config.token())
                                    .buildAsync(URI.create(ws + "/ws/bikes/" + config.bikeId()),
                                            new WebSocket.Listener() { })
                                    .get(10, TimeUnit.SECONDS));
                    WebSocketHandshakeException handshake =
                            assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
                    assertEquals(503, handshake.getResponse().statusCode());
                    int retryAfter = Integer.parseInt(handshake.getResponse().headers()
                            .firstValue("Retry-After").orElseThrow());
                    assertTrue(retryAfter >= 2 && retryAfter <= 10, "Retry-After " + retryAfter);

                    // A wrong token is still told so while the store is busy.
                    ExecutionException wrong = assertThrows(ExecutionException.class,
                            () -> http.newWebSocketBuilder()
                                    .header("Authorization", "Bearer not-the-token")
                                    .buildAsync(URI.create(ws + "/ws/bikes/" + config.bikeId()),
                                            new WebSocket.Listener() { })
                                    .get(10, TimeUnit.SECONDS));
                    assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, wrong.getCause())
                            .getResponse().statusCode());

                    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
                    agent = BikeAgent.builder()
                            .bike(config.bikeId(), config.token())
                            .serverUrl(URI.create(ws))
                            .outbox(config.bufferPath(), config.outbox())
                            .gps(GpsSources.create(config.gps(), Clock.systemUTC()))
                            // A short cap, so that only the server's answer can explain a wait of 2 s or more.
                            .reconnect(Duration.ofMillis(100), Duration.ofSeconds(30))
                            .random(new LongestDelays())
                            .linkListener(new LinkListener() {
                                @Override
                                public void onConnected() {
                                    events.add(new Event("up", "", 0));
                                }

                                @Override
                                public void onDisconnected(String reason, long retryInMillis) {
                                    events.add(new Event("down", reason, retryInMillis));
                                }
                            })
                            .build();
                    agent.start();
                    Event first = events.poll(30, TimeUnit.SECONDS);
                    assertTrue(first != null && first.kind().equals("down") && first.reason().contains("server busy"),
                            "expected a deferral, got " + first);
                    // The server's 2..10 s plus the agent's jitter of up to reconnect.base (100 ms).
                    assertTrue(first.retryIn() >= 2_000 && first.retryIn() <= 10_100, "waits " + first.retryIn());
                    assertTrue(server.metric("bikefleet_handshakes_deferred_total") >= 2, "deferrals counted in /metrics");

                    try (Statement s = lock.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                    Event next = events.poll(30, TimeUnit.SECONDS);
                    while (next != null && next.kind().equals("down")) {
                        next = events.poll(30, TimeUnit.SECONDS);
                    }
                    assertTrue(next != null && next.kind().equals("up"), "the agent did not connect: " + next);
                    Await.until("fixes of the deferred bike stored", Duration.ofSeconds(30),
                            () -> ServerDb.count(data, config.bikeId()) >= 1);
                }
            } finally {
                if (agent != null) {
                    agent.close();
                }
                lock.close();
            }
        }
    }
}
