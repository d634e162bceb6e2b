package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.TestServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A track query's times are refused with 400 when they do not parse or the store could not compare them. */
class TrackTimesTest {

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

    private HttpResponse<String> track(String query) throws Exception {
        return http.send(server.request("/api/bikes/bike-a/track?" + query).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String time(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void assertRefused(String query, String expectedInError) throws Exception {
        HttpResponse<String> response = track(query);
        assertEquals(400, response.statusCode(), query + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertTrue(body.get("error").getAsString().contains(expectedInError), body.toString());
    }

    @Test
    void aTimePastTheStoresEpochMillisecondsIsA400NotA500() throws Exception {
        assertRefused("from=" + time("+1000000000-01-01T00:00:00Z"),
                "from must be from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, "
                        + "was +1000000000-01-01T00:00:00Z");
        assertRefused("to=" + time("+1000000000-12-31T23:59:59Z"), "to must be from");
        assertRefused("from=" + time("-1000000000-01-01T00:00:00Z"), "from must be from");
        assertRefused("to=" + time("+10000-01-01T00:00:00Z"), "to must be from");
    }

    @Test
    void aTimeThatDoesNotParseIsA400NamingTheParameter() throws Exception {
        assertRefused("from=yesterday", "from must be an ISO-8601 UTC time");
        assertRefused("to=2024-13-01T00:00:00Z", "to must be an ISO-8601 UTC time");
    }

    @Test
    void theEdgesOfTheRangeAreAnswered() throws Exception {
        HttpResponse<String> response = track("from=" + time("0000-01-01T00:00:00Z") + "&to="
                + time("9999-12-31T23:59:59.999999999Z"));
        assertEquals(200, response.statusCode(), response.body());
    }
}
