package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
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
        return post("bike-c", HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> post(String bikeId, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(server.request("/api/bikes/" + bikeId + "/commands").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(server.request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String commandId) throws Exception {
        return http.send(server.request("/api/bikes/bike-c/commands/" + commandId).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<String> created) {
        assertEquals(202, created.statusCode(), created.body());
        return JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
    }

    private static String error(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString();
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

    @Test
    void aBodyOfEightMegabytesIsA413AndNothingIsStored() throws Exception {
        byte[] huge = ("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\"" + "x".repeat(8 * 1024 * 1024)
                + "\"}}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> withLength = post("bike-c", HttpRequest.BodyPublishers.ofByteArray(huge));
        assertEquals(413, withLength.statusCode(), withLength.body());
        assertTrue(error(withLength).contains("larger than 16384 bytes"), withLength.body());

        // No length given: the body comes chunked and is read only up to the limit.
        HttpResponse<String> chunked = post("bike-c",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)));
        assertEquals(413, chunked.statusCode(), chunked.body());

        assertEquals(0, server.count("SELECT count(*) FROM commands"));
        // The server is still fine for a normal request.
        id(post("{\"name\":\"ring\"}"));
    }

    @Test
    void aBodyAnnouncedAsTooLargeIsRefusedWithoutWaitingForIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // 8 MB announced, not one byte of it sent: only the header can have decided the answer.
            out.write(("POST /api/bikes/bike-c/commands HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + server.apiToken() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 8388608\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = in.readNBytes("HTTP/1.1 413".length());
            assertEquals("HTTP/1.1 413", new String(statusLine, StandardCharsets.US_ASCII));
        }
        assertEquals(0, server.count("SELECT count(*) FROM commands"));
    }

    @Test
    void anUnknownBikeIsA404AndAnInvalidIdA400() throws Exception {
        HttpResponse<String> unknown = post("bike-nobody", HttpRequest.BodyPublishers.ofString("{\"name\":\"ring\"}"));
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(error(unknown).contains("bike-nobody is not registered"), unknown.body());
        assertEquals(404, get("/api/bikes/bike-nobody/commands").statusCode());

        HttpResponse<String> invalid = post("-bad", HttpRequest.BodyPublishers.ofString("{\"name\":\"ring\"}"));
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(error(invalid).contains("invalid bike id"), invalid.body());
        assertEquals(400, post("b".repeat(65), HttpRequest.BodyPublishers.ofString("{\"name\":\"ring\"}"))
                .statusCode());
        assertEquals(0, server.count("SELECT count(*) FROM commands"));
    }

    @Test
    void eachArgumentIsCheckedAgainstTheCommandTable() throws Exception {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\"" + "x".repeat(501) + "\"}}",
                "'text' of 1..500 characters, got 501");
        refused.put("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\"  \"}}", "'text' of 1..500");
        refused.put("{\"name\":\"maintenance-notice\"}", "'text' of 1..500");
        refused.put("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"50ms\"}}", "from 100ms to 1h");
        refused.put("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"61m\"}}", "from 100ms to 1h");
        refused.put("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"99999999999999999999h\"}}",
                "from 100ms to 1h");
        refused.put("{\"name\":\"lock\",\"args\":{\"locked\":\"yes\"}}", "'locked' = true or false");
        refused.put("{\"name\":\"ring\",\"args\":{\"loud\":\"very\"}}", "ring takes no arguments, got 'loud'");
        refused.put("{\"name\":\"lock\",\"args\":{\"locked\":\"true\",\"pin\":\"1234\"}}",
                "lock takes only 'locked', got 'pin'");
        refused.put("{\"name\":\"" + "z".repeat(1000) + "\"}", "unknown command 'zzz");
        refused.put("{\"name\":\"ring\",\"args\":[1]}", "body must be");
        for (Map.Entry<String, String> request : refused.entrySet()) {
            HttpResponse<String> answer = post(request.getKey());
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(error(answer).contains(request.getValue()), answer.body());
            assertTrue(answer.body().length() < 400, "the error does not echo the request: " + answer.body());
        }
        assertEquals(0, server.count("SELECT count(*) FROM commands"));

        id(post("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\"" + "x".repeat(500) + "\"}}"));
        id(post("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"100ms\"}}"));
        id(post("{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"1h\"}}"));
        id(post("{\"name\":\"lock\",\"args\":{\"locked\":\"false\"}}"));
    }

    @Test
    void aBikeTakesAtMostSixteenCommandsWithoutAResult() throws Exception {
        String first = id(post("{\"name\":\"ring\"}"));
        for (int i = 1; i < 16; i++) {
            id(post("{\"name\":\"ring\"}"));
        }
        HttpResponse<String> full = post("{\"name\":\"ring\"}");
        assertEquals(429, full.statusCode(), full.body());
        assertTrue(error(full).contains("already has 16 commands without a result"), full.body());
        assertEquals(16, server.count("SELECT count(*) FROM commands"));

        // A cancelled command no longer counts, and neither does one with a result.
        assertEquals(200, delete(first).statusCode());
        id(post("{\"name\":\"ring\"}"));
        assertEquals(429, post("{\"name\":\"ring\"}").statusCode());
        try (RawBike bike = RawBike.open(server.port(), "bike-c", token)) {
            bike.send(new Hello("bike-c", "test", 1, "outbox"));
            Command command = bike.next(Command.class);
            bike.send(new CommandResult(command.id(), "done", null));
            awaitStateOf(command.id(), "done");
        }
        id(post("{\"name\":\"ring\"}"));
        assertEquals(429, post("{\"name\":\"ring\"}").statusCode());
    }

    @Test
    void aCancelledCommandIsNotSentAfterTheNextHello() throws Exception {
        String cancelled = id(post("{\"name\":\"lock\",\"args\":{\"locked\":\"true\"}}"));
        HttpResponse<String> cancel = delete(cancelled);
        assertEquals(200, cancel.statusCode(), cancel.body());
        assertEquals("cancelled", JsonParser.parseString(cancel.body()).getAsJsonObject().get("state").getAsString());
        assertEquals("cancelled", onlyCommand().get("state").getAsString());
        HttpResponse<String> one = get("/api/bikes/bike-c/commands/" + cancelled);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("cancelled", JsonParser.parseString(one.body()).getAsJsonObject().get("state").getAsString());
        // Cancelling again changes nothing and says so the same way.
        assertEquals(200, delete(cancelled).statusCode());

        try (RawBike bike = RawBike.open(server.port(), "bike-c", token)) {
            bike.send(new Hello("bike-c", "test", 1, "outbox"));
            // The server handles a bike's frames in order and sends the hello's commands while handling it:
            // the ack for the batch after the hello comes first only if no command went out.
            bike.send(new Positions("bike-c", List.of(new Position(1, Fix.of(Instant.now(), 52.5, 13.4)))));
            assertEquals(1, bike.next(Ack.class).seq());

            // A late result for the cancelled command does not undo the cancel.
            bike.send(new CommandResult(cancelled, "done", "locked anyway"));
            String later = id(post("{\"name\":\"ring\"}"));
            Command next = bike.next(Command.class);
            assertEquals(later, next.id());
            bike.send(new CommandResult(later, "done", null));
            awaitStateOf(later, "done");
            assertEquals("cancelled", JsonParser.parseString(get("/api/bikes/bike-c/commands/" + cancelled).body())
                    .getAsJsonObject().get("state").getAsString());

            HttpResponse<String> finished = delete(later);
            assertEquals(409, finished.statusCode(), finished.body());
            assertTrue(error(finished).contains("already has its result: done"), finished.body());
        }
        assertEquals(404, delete("no-such-command").statusCode());
        assertEquals(404, get("/api/bikes/bike-c/commands/no-such-command").statusCode());
    }

    @Test
    void anOversizedCommandStoredByAnOlderServerIsFailedInsteadOfSent() throws Exception {
        server.close();
        // What an older server took: a notice of 3 MB, which closed bikes on every hello.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("bikefleet.db"));
             PreparedStatement insert = c.prepareStatement("INSERT INTO commands (id, bike_id, name, args, state, "
                     + "message, created_at, updated_at) VALUES ('old', 'bike-c', 'maintenance-notice', ?, "
                     + "'delivered', NULL, 1, 1)")) {
            insert.setString(1, "{\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
            insert.executeUpdate();
        }
        server = TestServer.start(data);

        try (RawBike bike = RawBike.open(server.port(), "bike-c", token)) {
            bike.send(new Hello("bike-c", "test", 1, "outbox"));
            bike.send(new Positions("bike-c", List.of(new Position(1, Fix.of(Instant.now(), 52.5, 13.4)))));
            assertEquals(1, bike.next(Ack.class).seq());
            assertTrue(bike.isOpen());
        }
        JsonObject old = onlyCommand();
        assertEquals("failed", old.get("state").getAsString());
        assertTrue(old.get("message").getAsString().startsWith("refused by the server: maintenance-notice needs"),
                old.toString());
    }

    /** Online means the hello was handled, so a command created now is sent at once. */
    private void awaitOnline() throws Exception {
        Await.until("bike-c online", () -> server.server().ingest().connected().isOnline("bike-c"));
    }

    private void awaitStateOf(String commandId, String state) throws Exception {
        String path = "/api/bikes/bike-c/commands/" + commandId;
        Await.until("command " + commandId + " " + state, () -> state.equals(
                JsonParser.parseString(get(path).body()).getAsJsonObject().get("state").getAsString()));
    }

    private JsonObject awaitState(String state) throws Exception {
        Await.until("the command " + state, () -> state.equals(onlyCommand().get("state").getAsString()));
        return onlyCommand();
    }
}
