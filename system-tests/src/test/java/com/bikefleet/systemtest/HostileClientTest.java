package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.hardware.gps.setup.GpsSettings;
import com.bikefleet.hardware.gps.setup.GpsSources;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real server process attacked through raw sockets and raw WebSocket frames (docs/security.md), while one
 * well-behaved bike (the real agent) reports throughout; the last test checks that the bike lost nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_FRAME = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;

    private ServerProcess server;
    private String victimToken;
    private BikeAgent goodBike;
    private Path goodOutbox;

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"), 0,
                "--set", "http.request-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s",
                "--set", "http.keep-alive-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s");
        victimToken = AgentConfig.load(server.provision("victim", dir.resolve("victim.conf"),
                dir.resolve("victim-unused.db"), "1s")).token();
        AgentConfig good = AgentConfig.load(server.provision("good-bike", dir.resolve("good.conf"),
                dir.resolve("good-unused.db"), "1s"));
        goodOutbox = dir.resolve("good-outbox.db");
        goodBike = BikeAgent.builder()
                .bike(good.bikeId(), good.token())
                .serverUrl(URI.create(server.wsUrl()))
                .outbox(goodOutbox)
                .reportInterval(Duration.ofMillis(200))
                .gps(GpsSources.create(GpsSettings.builder().source(GpsSettings.Source.SIMULATED)
                        .simPeriod(Duration.ofMillis(200)).build(), Clock.systemUTC()))
                .build();
        goodBike.start();
        Await.until("the good bike's first fix stored", Duration.ofSeconds(20),
                () -> ServerDb.count(server.dataDir(), "good-bike") > 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (goodBike != null) {
            goodBike.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- One door, on the canonical path ----

    static Stream<String> bikePathSpellings() {
        return Stream.of("/ws/%62ikes/victim", "/%77s/bikes/victim", "/ws/b%69kes/victim", "/ws/bikes/%76ictim",
                "/ws/bikes/victim;x", "/ws/bikes;x/victim", "/ws/bikes//victim", "//ws/bikes/victim",
                "/ws/./bikes/victim", "/ws/bikes/./victim", "/ws/x/../bikes/victim", "/ws/bikes/victim/",
                "/WS/bikes/victim", "/ws/Bikes/victim", "/ws/bikes%2Fvictim", "/ws/bikes/victim%00",
                "/ws/bikes/vic%74im", "/ws/bikes/victim%20", "/ws/bikes/ghost-bike", "/ws/bikes/victim/extra",
                "http://127.0.0.1/ws/bikes/victim", "/ws/bikes/victim?x=1", "/ws/bikes/victim#x", "/ws/bikes/.victim",
                "/ws/bikes/%2e%2e/victim", "/ws/bikes/victim%2F", "/ws/bikes/victim\\");
    }

    static Stream<String> livePathSpellings() {
        return Stream.of("/ws/live;x", "/ws/%6cive", "/ws/live/", "/ws//live", "//ws/live", "/WS/LIVE", "/ws/Live",
                "/ws/./live", "/ws/x/../live", "/%77s/live", "/ws/live%20", "/ws/live%00", "/ws/live?token=",
                "/ws/live?token=wrong", "http://127.0.0.1/ws/live", "/ws/live/x", "/ws/liv%65", "/ws/live;token=x");
    }

    @ParameterizedTest(name = "bike path {0}")
    @MethodSource("bikePathSpellings")
    @Order(1)
    void noSpellingOfABikePathOpensWithoutAToken(String target) throws Exception {
        assertRefusedBeforeUpgrade(target, Map.of());
        assertRefusedBeforeUpgrade(target, Map.of("Authorization", "Bearer not-the-token"));
    }

    @ParameterizedTest(name = "live path {0}")
    @MethodSource("livePathSpellings")
    @Order(1)
    void noSpellingOfTheLivePathOpensWithoutAToken(String target) throws Exception {
        assertRefusedBeforeUpgrade(target, Map.of());
        assertRefusedBeforeUpgrade(target, Map.of("Authorization", "Bearer not-a-token"));
    }

    @Test
    @Order(1)
    void aBikeTokenOpensOnlyTheCanonicalPath() throws Exception {
        try (RawWebSocket canonical = RawWebSocket.upgrade(server.port(), "/ws/bikes/victim", victimToken)) {
            assertEquals(101, canonical.status(), canonical.responseHead());
        }
        // Every spelling decoding could change is refused before the endpoint, valid token or not: no spelling
        // reaches a bike's endpoint by another way than the canonical path, so each meets the same guard and limits.
        for (String spelling : List.of("/ws/%62ikes/victim", "/ws/bikes/victim;x", "/ws/bikes/victim/",
                "//ws/bikes/victim", "/ws//bikes/victim", "/ws/bikes/../bikes/victim", "/ws/./bikes/victim",
                "/ws/bikes/%76ictim")) {
            try (RawWebSocket other = RawWebSocket.upgrade(server.port(), spelling, victimToken)) {
                assertEquals(400, other.status(), spelling + ": " + other.responseHead());
            }
        }
    }

    private void assertRefusedBeforeUpgrade(String target, Map<String, String> headers) throws Exception {
        try (RawWebSocket socket = RawWebSocket.upgrade(server.port(), target, headers)) {
            assertNotEquals(101, socket.status(), target + " was upgraded: " + socket.responseHead());
            assertTrue(List.of(400, 401, 404).contains(socket.status()), target + ": " + socket.responseHead());
            assertFalse(socket.responseHead().contains("Grizzly"), socket.responseHead());
        }
    }

    // ---- Frames: the documented limit, exactly ----

    @Test
    @Order(2)
    void aFrameOfExactlyTheLimitIsTakenAndOneByteMoreIsClosedWith1009() throws Exception {
        try (RawWebSocket bike = openVictim()) {
            bike.sendFrame(0x1, paddedJson(MAX_FRAME), true, true);
            bike.sendText(positions(1));
            assertAckedUpTo(bike, 1);
        }
        try (RawWebSocket bike = openVictim()) {
            bike.sendFrame(0x1, paddedJson(MAX_FRAME + 1), true, true);
            assertEquals(1009, bike.closeCode(Duration.ofSeconds(10)));
        }
        try (RawWebSocket bike = openVictim()) {
            bike.sendFrame(0x1, paddedJson(4 * MAX_FRAME), true, true);
            assertEquals(1009, bike.closeCode(Duration.ofSeconds(10)));
        }
    }

    @Test
    @Order(2)
    void framesWithinTheLimitSentBackToBackAreAllTaken() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (RawWebSocket bike = openVictim()) {
                byte[] burst = new byte[0];
                for (int i = 0; i < 4; i++) {
                    burst = concat(burst, RawWebSocket.frame(0x1, paddedJson(240_000), true, true));
                }
                bike.sendBytes(burst);
                bike.sendText(positions(2 + attempt));
                assertAckedUpTo(bike, 2 + attempt);
            }
        }
    }

    @Test
    @Order(2)
    void aMessageInFragmentsAboveTheLimitIsClosedWith1009() throws Exception {
        try (RawWebSocket bike = openVictim()) {
            byte[] part = new byte[100_000];
            java.util.Arrays.fill(part, (byte) ' ');
            bike.sendFrame(0x1, part, true, false);
            bike.sendFrame(0x0, part, true, false);
            bike.sendFrame(0x0, part, true, true);
            assertEquals(1009, bike.closeCode(Duration.ofSeconds(10)));
        }
    }

    @Test
    @Order(2)
    void anUnmaskedFrameIsClosedWith1002AndABinaryFrameWith1003() throws Exception {
        try (RawWebSocket bike = openVictim()) {
            bike.sendFrame(0x1, positions(50).getBytes(StandardCharsets.UTF_8), false, true);
            assertEquals(1002, bike.closeCode(Duration.ofSeconds(10)));
        }
        try (RawWebSocket bike = openVictim()) {
            bike.sendFrame(0x2, new byte[] {1}, true, true);
            assertEquals(1003, bike.closeCode(Duration.ofSeconds(10)));
        }
    }

    // ---- Time before a request is complete ----

    @Test
    @Order(3)
    void idleSlowAndKeptAliveConnectionsAreClosedAtTheirDeadline() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                idle.add(RawWebSocket.socket(server.port()));
            }
            Socket slow = RawWebSocket.socket(server.port());
            idle.add(slow);
            Socket keptAlive = RawWebSocket.socket(server.port());
            idle.add(keptAlive);
            keptAlive.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = RawWebSocket.readHead(keptAlive.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 "), head);
            // A slowloris: one byte of a request head every 300 ms never finishes it.
            Thread dripper = new Thread(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (byte b : "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (Exception e) {
                    // closed by the server, as expected
                }
            });
            dripper.setDaemon(true);
            dripper.start();
            Duration bound = REQUEST_TIMEOUT.plusSeconds(3);
            for (Socket socket : idle) {
                assertTrue(RawWebSocket.closedWithin(socket, bound), "a connection outlived its deadline");
            }
            dripper.interrupt();
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    @Order(3)
    void errorPagesNameNoServerSoftware() throws Exception {
        try (Socket socket = RawWebSocket.socket(server.port())) {
            socket.getOutputStream().write("GET /no/such/page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
            assertFalse(response.contains("Grizzly"), response);
            assertTrue(response.contains("{\"error\""), response);
        }
    }

    @ParameterizedTest(name = "plain GET {0}")
    @MethodSource("undecodablePaths")
    @Order(3)
    void aPathThatCannotBeDecodedIsA400NotA500(String target) throws Exception {
        try (Socket socket = RawWebSocket.socket(server.port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = RawWebSocket.readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 400"), target + ": " + head);
        }
    }

    static Stream<String> undecodablePaths() {
        return Stream.of("/ws/bikes%2Fb2", "/%", "/api/%zz", "/map/%zz", "/ws/bikes/%zz", "/health%00");
    }

    // ---- What an authenticated bike sends ----

    @Test
    @Order(4)
    void aSecondHelloIsRefusedWith1008() throws Exception {
        try (RawWebSocket bike = openVictim()) {
            bike.sendText("{\"type\":\"hello\",\"bikeId\":\"victim\",\"agentVersion\":\"hostile\",\"protocol\":1,"
                    + "\"outboxId\":\"another-outbox\",\"floor\":0,\"dropped\":0}");
            assertEquals(1008, bike.closeCode(Duration.ofSeconds(10)));
        }
    }

    @Test
    @Order(4)
    void valuesNoStoreCanHoldAreRefusedWith1007() throws Exception {
        for (String frame : List.of(
                "{\"type\":\"positions\",\"bikeId\":\"victim\",\"fixes\":[{\"seq\":9223372036854775808,"
                        + "\"time\":\"" + java.time.Instant.now() + "\",\"lat\":52.5,\"lon\":13.4}]}",
                "{\"type\":\"telemetry\",\"bikeId\":\"victim\",\"floor\":0,\"readings\":[{\"seq\":1,"
                        + "\"time\":\"+1000000000-01-01T00:00:00Z\",\"name\":\"battery\",\"value\":\"80\"}]}")) {
            try (RawWebSocket bike = openVictim()) {
                bike.sendText(frame);
                assertEquals(1007, bike.closeCode(Duration.ofSeconds(10)), frame);
            }
        }
    }

    // ---- The HTTP API ----

    @Test
    @Order(5)
    void commandsAreBoundedAndOnlyForRegisteredBikes() throws Exception {
        ServerApi api = authenticatedApi();
        HttpResponse<String> huge = HTTP.send(api.request("/api/bikes/victim/commands")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\""
                        + "x".repeat(8 * 1024 * 1024) + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, huge.statusCode(), huge.body());
        HttpResponse<String> ghost = HTTP.send(api.request("/api/bikes/ghost-bike/commands")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ring\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, ghost.statusCode(), ghost.body());
        HttpResponse<String> invalid = HTTP.send(api.request("/api/bikes/..x/commands")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ring\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, invalid.statusCode(), invalid.body());
        HttpResponse<String> noId = HTTP.send(api.request("/api/bikes/commands").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, noId.statusCode(), noId.body());
    }

    @Test
    @Order(5)
    void healthTakesOnlyGetAndHead() throws Exception {
        HttpResponse<String> post = HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(server.httpBase() + "/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), post.body());
    }

    // ---- The agent's own input ----

    @Test
    @Order(5)
    void anAgentGivenAHugeFileAsItsConfigExitsWith2AndAMessage() throws Exception {
        Path huge = dir.resolve("huge.conf");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(60L * 1024 * 1024);
        }
        Process agent = new ProcessBuilder(Jars.java(), "-Xmx32m", "-jar", Jars.agent().toString(), "run",
                "--config", huge.toString()).redirectErrorStream(true).start();
        String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, agent.waitFor(), output);
        assertTrue(output.contains(huge + ": is 62914560 bytes"), output);
    }

    // ---- The HTTP API: every spelling gets the same token check and the same limits ----

    static Stream<String> apiPathSpellings() {
        return Stream.of("/api/bikes", "/api/%62ikes", "/api/bikes;x", "//api/bikes", "/api//bikes", "/api/./bikes",
                "/api/x/../bikes", "/API/bikes", "/api/bikes/", "/%61pi/bikes", "/api/bikes/victim/%74rack",
                "/api/bikes/victim/track;x", "/api/bikes/victim/commands", "/api/bikes/victim/%63ommands",
                "/api/bikes/victim/commands;x", "/api/bikes/victim/./commands", "/api/bikes/x/../victim/commands");
    }

    @ParameterizedTest(name = "API path {0}")
    @MethodSource("apiPathSpellings")
    @Order(5)
    void noSpellingOfAnApiPathAnswersWithoutAToken(String target) throws Exception {
        try (Socket socket = RawWebSocket.socket(server.port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 401") || response.startsWith("HTTP/1.1 400")
                    || response.startsWith("HTTP/1.1 404"), target + ": " + response);
            assertFalse(response.contains("victim") || response.contains("good-bike"), target + ": " + response);
        }
    }

    @ParameterizedTest(name = "command path {0}")
    @MethodSource("apiPathSpellings")
    @Order(5)
    void noSpellingOfTheCommandsPathTakesAnOversizedBody(String target) throws Exception {
        ServerApi api = authenticatedApi();
        HttpResponse<String> huge = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpBase() + target))
                        .header("Authorization", authorization(api))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"maintenance-notice\",\"args\":{\"text\":\""
                                + "x".repeat(8 * 1024 * 1024) + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(List.of(400, 404, 405, 413).contains(huge.statusCode()), target + ": " + huge.statusCode() + " "
                + huge.body());
    }

    @Test
    @Order(5)
    void anApiTokenOpensOnlyTheCanonicalLivePath() throws Exception {
        Map<String, String> token = Map.of("Authorization", authorization(authenticatedApi()));
        try (RawWebSocket canonical = RawWebSocket.upgrade(server.port(), "/ws/live", token)) {
            assertEquals(101, canonical.status(), canonical.responseHead());
        }
        // As for bikes: a valid token does not take another spelling past the gate, so none meets other limits.
        for (String spelling : List.of("/ws/live;x", "/ws/%6cive", "/ws/live/", "/ws//live", "//ws/live",
                "/ws/./live", "/ws/x/../live", "/%77s/live", "/ws/liv%65", "/ws/live;token=x")) {
            try (RawWebSocket other = RawWebSocket.upgrade(server.port(), spelling, token)) {
                assertEquals(400, other.status(), spelling + ": " + other.responseHead());
            }
        }
    }

    @Test
    @Order(5)
    void anApiTokenIsServedOnTheCanonicalPathOnly() throws Exception {
        ServerApi api = authenticatedApi();
        assertEquals(200, HTTP.send(api.request("/api/bikes").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        List<String> canonical = List.of("/api/bikes", "/api/bikes/victim/commands");
        for (String target : apiPathSpellings().filter(t -> !canonical.contains(t)).toList()) {
            try (Socket socket = RawWebSocket.socket(server.port())) {
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + authorization(api) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("HTTP/1.1 400") || response.startsWith("HTTP/1.1 404"),
                        target + ": " + response);
                assertFalse(response.contains("victim") || response.contains("good-bike"), target + ": " + response);
            }
        }
    }

    private static String authorization(ServerApi api) {
        return api.request("/").build().headers().firstValue("Authorization").orElseThrow();
    }

    // ---- The well-behaved bike, last ----

    @Test
    @Order(100)
    void theGoodBikeWasServedThroughoutAndNothingWasStoredForAnAttacker() throws Exception {
        long storedBefore = ServerDb.count(server.dataDir(), "good-bike");
        Await.until("the good bike still reporting", Duration.ofSeconds(20),
                () -> ServerDb.count(server.dataDir(), "good-bike") > storedBefore + 5);
        goodBike.close();
        goodBike = null;
        ExactlyOnce.check(ServerDb.fixes(server.dataDir(), "good-bike"), OutboxFile.read(goodOutbox), 1);
        assertEquals(List.of(), ServerDb.fixes(server.dataDir(), "ghost-bike"), "an unregistered id stored fixes");
        String bikes = authenticatedApi().get("/api/bikes").toString();
        assertFalse(bikes.contains("ghost-bike"), bikes);
    }

    // ---- helpers ----

    private ServerApi authenticatedApi() throws Exception {
        ServerApi api = server.api();
        // The server reads API tokens made by the command line every few seconds.
        Await.until("the API token accepted", Duration.ofSeconds(15), () -> HTTP.send(api.request("/api/bikes").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return api;
    }

    private RawWebSocket openVictim() throws Exception {
        RawWebSocket bike = RawWebSocket.upgrade(server.port(), "/ws/bikes/victim", victimToken);
        assertEquals(101, bike.status(), bike.responseHead());
        bike.sendText("{\"type\":\"hello\",\"bikeId\":\"victim\",\"agentVersion\":\"hostile\",\"protocol\":1,"
                + "\"outboxId\":\"hostile-outbox\",\"floor\":0,\"dropped\":0}");
        return bike;
    }

    /** A positions message with one valid fix {@code seq}, timed now. */
    private static String positions(long seq) {
        return "{\"type\":\"positions\",\"bikeId\":\"victim\",\"floor\":" + (seq - 1) + ",\"live\":true,\"fixes\":[{"
                + "\"seq\":" + seq + ",\"time\":\"" + java.time.Instant.now() + "\",\"lat\":52.5,\"lon\":13.4}]}";
    }

    /** Waits for an ack of at least {@code seq}, reading past anything else the server sends. */
    private static void assertAckedUpTo(RawWebSocket bike, long seq) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            RawWebSocket.Frame frame = bike.next(Duration.ofSeconds(15));
            assertTrue(frame != null, "the connection ended before an ack of " + seq);
            assertNotEquals(0x8, frame.opcode(), "closed with " + frame.closeCode() + " before an ack of " + seq);
            String text = frame.text();
            if (text.contains("\"type\":\"ack\"")) {
                long upTo = Long.parseLong(text.replaceAll(".*\"seq\":(\\d+).*", "$1"));
                if (upTo >= seq) {
                    return;
                }
            }
        }
        throw new AssertionError("no ack of " + seq);
    }

    /** A JSON text frame of exactly {@code bytes} bytes: a message of an unknown type padded with spaces. */
    private static byte[] paddedJson(int bytes) {
        byte[] frame = new byte[bytes];
        java.util.Arrays.fill(frame, (byte) ' ');
        byte[] json = "{\"type\":\"padding\"}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(json, 0, frame, 0, json.length);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
