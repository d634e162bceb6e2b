package com.bikefleet.server.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The map's files are served from the jar without a token; the data it reads needs one. */
class MapPageTest {

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

    private HttpResponse<String> get(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getWithoutToken(String path) throws Exception {
        return get(HttpRequest.newBuilder(URI.create(server.httpBase() + path)));
    }

    @Test
    void thePageItsScriptsAndLeafletAreServed() throws Exception {
        HttpResponse<String> page = getWithoutToken("/map/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"/map/js/app.js\"></script>"), page.body());
        for (String file : new String[] {"/map/js/app.js", "/map/js/live-connection.js", "/map/map.css",
                "/map/leaflet.js", "/map/leaflet.css"}) {
            HttpResponse<String> response = getWithoutToken(file);
            assertEquals(200, response.statusCode(), file);
            assertTrue(response.body().length() > 100, file);
        }
        assertTrue(getWithoutToken("/map/leaflet.js").body().contains("Leaflet"));
        assertEquals(404, getWithoutToken("/map/no-such-file.js").statusCode());
    }

    @Test
    void statsAndTileSettingsNeedTheToken() throws Exception {
        assertEquals(401, getWithoutToken("/api/stats").statusCode());
        assertEquals(401, getWithoutToken("/api/map").statusCode());

        JsonObject stats = JsonParser.parseString(get(server.request("/api/stats")).body()).getAsJsonObject();
        assertEquals(0, stats.get("bikesOnline").getAsInt());
        assertEquals(0, stats.get("listeners").getAsInt());
        assertEquals(0, stats.get("fixesStored").getAsLong());

        JsonObject map = JsonParser.parseString(get(server.request("/api/map")).body()).getAsJsonObject();
        assertEquals(MapSettings.DEFAULT_TILE_URL, map.get("tileUrl").getAsString());
        assertEquals(MapSettings.DEFAULT_ATTRIBUTION, map.get("attribution").getAsString());
    }
}
