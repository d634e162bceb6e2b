package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.Hello;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands through the HTTP API to a bike speaking the protocol by hand. */
class CommandsApiTest {

    @TempDir
    Path data;
    private TestServer server;
    private String token;
    // HTTP/1.1: Java's client would otherwise offer an h2c upgrade, and Grizzly leaves the body of such a
    // POST unread (a known limitation, see docs/protocol.md).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        token = server.provision("bike-c");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(server.request("/api/bikes/bike-c/commands")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject onlyCommand() throws Exception {
        String body = http.send(server.request("/api/bikes/bike-c/commands").build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonArray all = JsonParser.parseString(body).getAsJsonArray();
        assertEquals(1, all.size(), body);
        return all.get(0).getAsJsonObject();
    }

    @Test
    void aCommandForAnOfflineBikeIsQueuedDeliveredOnHelloAndClosedByItsResult() throws Exception {
        HttpResponse<String> created = post("{\"name\":\"ring\"}");
        assertEquals(202, created.statusCode(), created.body());
        assertEquals("queued", JsonParser.parseString(created.body()).getAsJsonObject().get("state").getAsString());

        try (RawBike bike = RawBike.open(server.port(), "bike-c", token)) {
            bike.send(new Hello("bike-c", "test", 1, "outbox"));
            Command command = bike.next(Command.class);
            assertEquals("ring", command.name());
            assertEquals("delivered", onlyCommand().get("state").getAsString());

            bike.send(new CommandResult(command.id(), "done", "rang twice"));
            JsonObject stored = awaitState("done");
            assertEquals("rang twice", stored.get("message").getAsString());
        }
    }

    @Test
    void aCommandForAConnectedBikeIsSentAtOnce() throws Exception {
        try (RawBike bike = RawBike.open(server.port(), "bike-c", token)) {
            bike.send(new Hello("bike-c", "test", 1, "outbox"));
            awaitOnline();
            assertEquals(202, post("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"5s\"}}").statusCode());
            Command command = bike.next(Command.class);
            assertEquals(Map.of("interval", "5s"), command.args());
        }
    }

    @Test
    void anUnknownCommandOrBadArgumentIsA400NamingTheProblem() throws Exception {
        HttpResponse<String> unknown = post("{\"name\":\"self-destruct\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("unknown command 'self-destruct'"), unknown.body());

        HttpResponse<String> badLock = post("{\"name\":\"lock\",\"args\":{\"locked\":\"maybe\"}}");
        assertEquals(400, badLock.statusCode());
        assertTrue(badLock.body().contains("locked"), badLock.body());

        assertEquals(400, post("not json").statusCode());
    }

    /** Online means the hello was handled, so a command created now is sent at once. */
    private void awaitOnline() throws Exception {
        for (int i = 0; i < 200 && !server.server().ingest().connected().isOnline("bike-c"); i++) {
            Thread.sleep(50);
        }
        assertTrue(server.server().ingest().connected().isOnline("bike-c"));
    }

    private JsonObject awaitState(String state) throws Exception {
        JsonObject command = onlyCommand();
        for (int i = 0; i < 100 && !state.equals(command.get("state").getAsString()); i++) {
            Thread.sleep(50);
            command = onlyCommand();
        }
        assertEquals(state, command.get("state").getAsString());
        return command;
    }
}
