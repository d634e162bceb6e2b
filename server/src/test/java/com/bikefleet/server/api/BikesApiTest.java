package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.model.protocol.TelemetryAck;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on the same port as the bikes' WebSocket. */
class BikesApiTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path data;
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(server.request(path).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void report(String bikeId, List<Position> positions) throws Exception {
        try (RawBike bike = RawBike.open(server.port(), bikeId, server.provision(bikeId))) {
            bike.send(new Hello(bikeId, "test", 1, "outbox-1"));
            bike.send(new Positions(bikeId, positions));
            assertEquals(Ack.class, bike.next().getClass());
        }
    }

    @Test
    void bikesListsEachBikeWithItsLatestPositionAndLastSeen() throws Exception {
        report("bike-a", List.of(new Position(1, Fix.of(NOW, 52.5, 13.4)),
                new Position(2, Fix.of(NOW.plusSeconds(10), 52.6, 13.5))));

        HttpResponse<String> response = get("/api/bikes");
        assertEquals(200, response.statusCode());
        assertEquals("application/json;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject bike = JsonParser.parseString(response.body()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("bike-a", bike.get("id").getAsString());
        assertFalse(bike.get("online").getAsBoolean());
        assertTrue(bike.has("lastSeen"));
        JsonObject last = bike.getAsJsonObject("lastPosition");
        assertEquals(NOW.plusSeconds(10).toString(), last.get("time").getAsString());
        assertEquals(52.6, last.get("lat").getAsDouble());
    }

    @Test
    void bikesShowsTheLatestBatteryReadingByItsTime() throws Exception {
        try (RawBike bike = RawBike.open(server.port(), "bike-a", server.provision("bike-a"))) {
            bike.send(new Hello("bike-a", "test", 1, "outbox-1"));
            // Sent out of order: the newest by time wins, not the last to arrive.
            bike.send(new Telemetry("bike-a", List.of(
                    new Telemetry.Reading(2, NOW.plusSeconds(60), "battery", "75"),
                    new Telemetry.Reading(3, NOW.plusSeconds(90), "temperature", "21"),
                    new Telemetry.Reading(1, NOW, "battery", "80")), 0));
            bike.next(TelemetryAck.class);
        }
        report("bike-b", List.of(new Position(1, Fix.of(NOW, 52.5, 13.4))));

        JsonArray bikes = JsonParser.parseString(get("/api/bikes").body()).getAsJsonArray();
        JsonObject a = bikes.get(0).getAsJsonObject();
        assertEquals(75.0, a.get("battery").getAsDouble());
        assertEquals(NOW.plusSeconds(60).toString(), a.get("batteryTime").getAsString());
        assertFalse(bikes.get(1).getAsJsonObject().has("battery"));
    }

    @Test
    void anOlderFixArrivingLaterDoesNotMoveTheBike() throws Exception {
        report("bike-a", List.of(new Position(5, Fix.of(NOW, 52.5, 13.4))));
        report("bike-a", List.of(new Position(1, Fix.of(NOW.minusSeconds(3600), 48.1, 11.5))));

        JsonObject last = JsonParser.parseString(get("/api/bikes").body()).getAsJsonArray().get(0)
                .getAsJsonObject().getAsJsonObject("lastPosition");
        assertEquals(52.5, last.get("lat").getAsDouble());
    }

    @Test
    void trackReturnsStoredFixesOldestFirstWithSequenceNumbersAndHonoursTheRange() throws Exception {
        report("bike-a", List.of(new Position(1, Fix.of(NOW, 52.5, 13.4)),
                new Position(2, Fix.of(NOW.plusSeconds(10), 52.6, 13.5)),
                new Position(3, Fix.of(NOW.plusSeconds(20), 52.7, 13.6))));

        JsonArray all = JsonParser.parseString(get("/api/bikes/bike-a/track").body()).getAsJsonObject()
                .getAsJsonArray("fixes");
        assertEquals(3, all.size());
        assertEquals(1, all.get(0).getAsJsonObject().get("seq").getAsLong());
        assertEquals("outbox-1", all.get(0).getAsJsonObject().get("outboxId").getAsString());

        JsonArray window = JsonParser.parseString(get("/api/bikes/bike-a/track?from=" + NOW.plusSeconds(5)
                + "&to=" + NOW.plusSeconds(20)).body()).getAsJsonObject().getAsJsonArray("fixes");
        assertEquals(1, window.size());
        assertEquals(2, window.get(0).getAsJsonObject().get("seq").getAsLong());
    }

    @Test
    void aBadRangeIsA400WithAReason() throws Exception {
        HttpResponse<String> response = get("/api/bikes/bike-a/track?from=yesterday");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("ISO-8601"), response.body());
    }

    @Test
    void anUnknownPathIsA404() throws Exception {
        assertEquals(404, get("/api/nothing-here").statusCode());
    }

    @Test
    void withoutAValidApiTokenTheApiAnswers401() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/api/bikes"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/api/bikes"))
                .header("Authorization", "Bearer api_not-a-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        // A bike's token is not an API token.
        HttpResponse<String> bikeToken = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/api/bikes"))
                .header("Authorization", "Bearer " + server.provision("bike-x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bikeToken.statusCode());
    }

    @Test
    void aPathTheApiDoesNotServeIsA404AndAnotherMethodA405NeverA500() throws Exception {
        for (String path : List.of("/api/bikes/track", "/api/bikes/gaps", "/api/bikes/commands", "/api/bikes/",
                "/api/nothing", "/api/bikes/bike-a/track/more", "/api/bikes//track", "/api")) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            assertTrue(response.body().startsWith("{\"error\""), path + ": " + response.body());
        }
        HttpResponse<String> delete = http.send(server.request("/api/bikes").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode(), delete.body());
        assertEquals("GET", delete.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> put = http.send(server.request("/api/bikes/bike-a/commands")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode(), put.body());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));
    }
}
