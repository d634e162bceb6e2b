package com.bikefleet.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} after real traffic: the named series exist and count what happened. */
class MetricsApiTest {

    private static final Instant NOW = Instant.now().minusSeconds(60);

    @TempDir
    Path data;
    private TestServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aScrapeAfterTrafficShowsEveryNamedSeries() throws Exception {
        try (RawBike broken = RawBike.open(server.port(), "bike-b", server.provision("bike-b"))) {
            broken.sendRaw("{not json");
            broken.closed();
        }
        try (RawBike bike = RawBike.open(server.port(), "bike-a", server.provision("bike-a"))) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-1"));
            bike.send(new Positions("bike-a", List.of(new Position(1, Fix.of(NOW, 52.5, 13.4)),
                    new Position(2, Fix.of(NOW.plusSeconds(1), 52.6, 13.5)),
                    new Position(3, Fix.of(NOW.plusSeconds(2), 52.7, 13.6)))));
            bike.next(Ack.class);

            // No token: Prometheus scrapes without one.
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(server.httpBase() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            Map<String, Double> series = parse(response.body());

            assertEquals(3.0, series.get("bikefleet_fixes_received_total"), response.body());
            assertEquals(3.0, series.get("bikefleet_fixes_stored_total"));
            assertEquals(1.0, series.get("bikefleet_acks_sent_total{kind=\"fixes\"}"));
            assertEquals(0.0, series.get("bikefleet_acks_sent_total{kind=\"telemetry\"}"));
            assertEquals(1.0, series.get("bikefleet_ack_latency_seconds_count{kind=\"fixes\"}"));
            double latency = series.get("bikefleet_ack_latency_seconds_sum{kind=\"fixes\"}");
            assertTrue(latency > 0 && latency < 10, "ack latency " + latency);
            assertEquals(1.0, series.get("bikefleet_frames_rejected_total{reason=\"malformed\"}"));
            assertEquals(0.0, series.get("bikefleet_frames_rejected_total{reason=\"invalid_position\"}"));
            assertTrue(series.get("bikefleet_connected_bikes") >= 1.0);
            assertTrue(series.get("bikefleet_storage_queue_depth") >= 0.0);
            // The hello's status update and the fix batch: at least one transaction of at least one write.
            assertTrue(series.get("bikefleet_commit_writes_count") >= 1.0);
            assertTrue(series.get("bikefleet_commit_writes_sum") >= 2.0);
            assertTrue(series.containsKey("bikefleet_commit_writes_bucket{le=\"1.0\"}"), response.body());
            // Each of those transactions was timed: a real SQLite commit takes more than nothing.
            assertEquals(series.get("bikefleet_commit_writes_count"), series.get("bikefleet_commit_seconds_count"));
            assertTrue(series.get("bikefleet_commit_seconds_sum") > 0, response.body());
            assertTrue(series.containsKey("bikefleet_commit_seconds_bucket{le=\"0.05\"}"), response.body());
            assertEquals(0.0, series.get("bikefleet_listeners"));
            assertEquals(0.0, series.get("bikefleet_listener_updates_coalesced_total"));
            assertEquals(0.0, series.get("bikefleet_listeners_closed_too_slow_total"));
            assertEquals(0.0, series.get("bikefleet_live_handoff_queued"));
            assertEquals(0.0, series.get("bikefleet_live_handoff_dropped_total"));
            // The JVM's and the process' own figures, for load tests that sample the server.
            assertTrue(series.get("jvm_memory_used_bytes{area=\"heap\"}") > 0, response.body());
            assertTrue(series.get("jvm_threads_current") > 10);
            assertTrue(series.get("process_cpu_seconds_total") > 0);
            assertTrue(series.get("process_resident_memory_bytes") > 1_000_000);
            assertTrue(series.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count{")));
        }
    }

    @Test
    void aLiveListenerIsCounted() throws Exception {
        java.net.http.WebSocket listener = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/live?token=" + server.apiToken()),
                        new java.net.http.WebSocket.Listener() { })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Await.until("the listener counted", () -> server.metric("bikefleet_listeners") == 1.0);
        } finally {
            listener.abort();
        }
    }

    /** Series name with labels -> value, from the Prometheus text format. */
    private static Map<String, Double> parse(String body) {
        Map<String, Double> series = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }
}
