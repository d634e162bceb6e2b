package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.server.TestServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} needs no token and proves storage with a real write. */
class HealthApiTest {

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

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpAndWritableAfterARealWrite() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("up", body.get("status").getAsString());
        assertEquals("writable", body.get("storage").getAsString());
        assertEquals(1, server.count("SELECT count(*) FROM health"));
    }

    @Test
    void liveAndReadyAnswerSeparately() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("writable", JsonParser.parseString(ready.body()).getAsJsonObject().get("storage").getAsString());
        assertEquals(404, get("/health/other").statusCode());
    }
}
