package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gap report: a bike's reported drops beside the sequence numbers missing from the store. */
class GapsApiTest {

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

    private static List<Position> seqs(long... seqs) {
        List<Position> positions = new ArrayList<>();
        for (long seq : seqs) {
            positions.add(new Position(seq, Fix.of(NOW.plusSeconds(seq), 52.5, 13.4)));
        }
        return positions;
    }

    @Test
    void seqsOneToFiveAndNineToTenLeaveTheGapSixToEight() throws Exception {
        try (RawBike bike = RawBike.open(server.port(), "bike-a", server.provision("bike-a"))) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-1"));
            bike.send(new Positions("bike-a", seqs(1, 2, 3, 4, 5)));
            bike.next(Ack.class);
            bike.send(new Positions("bike-a", seqs(9, 10)));
            bike.next(Ack.class);
            bike.send(new Status("fix", 0, 3));
            // The status goes through the same committer: a third batch's ack proves it was written.
            bike.send(new Positions("bike-a", seqs(10)));
            bike.next(Ack.class);
        }

        HttpResponse<String> response = http.send(server.request("/api/bikes/bike-a/gaps").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonObject report = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("bike-a", report.get("bikeId").getAsString());
        assertEquals(3, report.get("dropped").getAsLong());
        JsonArray outboxes = report.getAsJsonArray("outboxes");
        assertEquals(1, outboxes.size());
        JsonObject outbox = outboxes.get(0).getAsJsonObject();
        assertEquals("outbox-1", outbox.get("outboxId").getAsString());
        assertEquals(1, outbox.get("lowestSeq").getAsLong());
        assertEquals(10, outbox.get("highestSeq").getAsLong());
        assertEquals(7, outbox.get("stored").getAsLong());
        assertEquals(3, outbox.get("missing").getAsLong());
        JsonArray gaps = outbox.getAsJsonArray("gaps");
        assertEquals(1, gaps.size());
        assertEquals(6, gaps.get(0).getAsJsonObject().get("from").getAsLong());
        assertEquals(8, gaps.get(0).getAsJsonObject().get("to").getAsLong());
        assertFalse(outbox.get("truncated").getAsBoolean());
    }

    @Test
    void aBikeWithNothingStoredHasNoOutboxes() throws Exception {
        HttpResponse<String> response = http.send(server.request("/api/bikes/nobody/gaps").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(0, JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("outboxes").size());
    }
}
