package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.model.protocol.TelemetryAck;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bike's outbox that rolled back must not reuse numbers silently: the server answers every hello with the
 * highest seqs it holds for the outbox, counts a reused key arriving with other content, and shows what the
 * bike reports of skipped numbers and replaced outboxes.
 */
class OutboxIntegrityTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

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

    private static List<Position> fixes(long from, long to, double lat) {
        List<Position> positions = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            positions.add(new Position(seq, Fix.of(NOW.plusSeconds(seq), lat, 13.4)));
        }
        return positions;
    }

    @Test
    void theHelloIsAnsweredWithTheHighestSeqsStoredForItsOutbox() throws Exception {
        String token = server.provision("bike-a");
        try (RawBike bike = RawBike.open(server.port(), "bike-a", token)) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-1"));
            assertEquals(new OutboxState("outbox-1", 0, 0), bike.outboxState());
            bike.send(new Positions("bike-a", fixes(1, 22, 52.5)));
            bike.next(Ack.class);
            bike.send(new Telemetry("bike-a", List.of(new Telemetry.Reading(1, NOW, "battery", "80"),
                    new Telemetry.Reading(2, NOW, "battery", "79")), 0));
            bike.next(TelemetryAck.class);
        }
        try (RawBike bike = RawBike.open(server.port(), "bike-a", token)) {
            // A bike whose outbox rolled back to seq 10 says so by its floor; the server knows better.
            bike.send(new Hello("bike-a", "test", 1, "outbox-1", 10, 0));
            assertEquals(new OutboxState("outbox-1", 22, 2), bike.outboxState());
        }
        try (RawBike bike = RawBike.open(server.port(), "bike-a", token)) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-2"));
            assertEquals(new OutboxState("outbox-2", 0, 0), bike.outboxState());
        }
    }

    @Test
    void aDuplicateWithOtherContentIsCountedAndTheStoredFixKept() throws Exception {
        try (RawBike bike = RawBike.open(server.port(), "bike-a", server.provision("bike-a"))) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-1"));
            bike.send(new Positions("bike-a", fixes(1, 5, 52.5)));
            bike.next(Ack.class);
            // A resend, as after a reconnect: not a conflict.
            bike.send(new Positions("bike-a", fixes(1, 5, 52.5)));
            bike.next(Ack.class);
            assertEquals(0.0, metric("bikefleet_duplicate_conflicts_total"));
            // Reused numbers 4..6 with new fixes: 4 and 5 are stored already with other content.
            bike.send(new Positions("bike-a", fixes(4, 6, 48.1)));
            bike.next(Ack.class);
            assertEquals(2.0, metric("bikefleet_duplicate_conflicts_total"));
        }
        assertEquals(1, server.count("SELECT count(*) FROM fixes WHERE seq = 4 AND lat = 52.5"));
        assertEquals(1, server.count("SELECT count(*) FROM fixes WHERE seq = 6 AND lat = 48.1"));
    }

    @Test
    void skippedSeqsAndAReplacedOutboxShowInTheBikeListAndTheGapReport() throws Exception {
        String token = server.provision("bike-a");
        try (RawBike bike = RawBike.open(server.port(), "bike-a", token)) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-2", 0, 0, 0, "outbox-1", "corrupt"));
            bike.outboxState();
            bike.send(new Status("fix", 0, 0, 12));
            // The status goes through the same committer: a batch's ack proves it was written.
            bike.send(new Positions("bike-a", fixes(23, 23, 52.5)));
            bike.next(Ack.class);
        }
        JsonObject listed = bike(get("/api/bikes"));
        assertEquals(12, listed.get("skipped").getAsLong());
        JsonObject reset = listed.getAsJsonObject("outboxReset");
        assertEquals("corrupt", reset.get("reason").getAsString());
        assertEquals("outbox-1", reset.get("previousOutboxId").getAsString());
        JsonObject gaps = JsonParser.parseString(get("/api/bikes/bike-a/gaps")).getAsJsonObject();
        assertEquals(12, gaps.get("skipped").getAsLong());
        assertEquals("outbox-1", gaps.getAsJsonObject("outboxReset").get("previousOutboxId").getAsString());

        // The next outbox replaced nothing: the old report goes with it.
        try (RawBike bike = RawBike.open(server.port(), "bike-a", token)) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-3"));
            bike.outboxState();
            bike.send(new Positions("bike-a", fixes(1, 1, 52.5)));
            bike.next(Ack.class);
        }
        listed = bike(get("/api/bikes"));
        assertEquals(0, listed.get("skipped").getAsLong());
        JsonElement cleared = listed.get("outboxReset");
        assertTrue(cleared == null || cleared.isJsonNull(), listed.toString());
    }

    private static JsonObject bike(String list) {
        for (JsonElement bike : JsonParser.parseString(list).getAsJsonArray()) {
            if ("bike-a".equals(bike.getAsJsonObject().get("id").getAsString())) {
                return bike.getAsJsonObject();
            }
        }
        throw new AssertionError("bike-a is not listed: " + list);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(server.request(path).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private double metric(String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " is not in /metrics:\n" + body);
    }
}
