package com.bikefleet.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The track as JSON pages, GeoJSON and GPX, each parsed by a real parser. */
class TrackFormatsTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @TempDir
    Path data;
    private TestServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        // Fixes 1 and 2 share a time, so the cursor must break the tie by seq.
        report("bike-a", List.of(new Position(1, Fix.of(NOW, 52.50, 13.40)),
                new Position(2, Fix.of(NOW, 52.51, 13.41)),
                new Position(3, Fix.of(NOW.plusSeconds(10), 52.52, 13.42)),
                new Position(4, Fix.of(NOW.plusSeconds(20), 52.53, 13.43)),
                new Position(5, Fix.of(NOW.plusSeconds(30), 52.54, 13.44))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void report(String bikeId, List<Position> positions) throws Exception {
        try (RawBike bike = RawBike.open(server.port(), bikeId, server.provision(bikeId))) {
            bike.send(new Hello(bikeId, "test", 1, "outbox-1"));
            bike.send(new Positions(bikeId, positions));
            bike.next(Ack.class);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(server.request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonPagesFollowTheCursorWithoutLosingOrRepeatingAFix() throws Exception {
        List<Long> seqs = new ArrayList<>();
        String path = "/api/bikes/bike-a/track?limit=2";
        int pages = 0;
        while (path != null) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), response.body());
            JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
            body.getAsJsonArray("fixes").forEach(f -> seqs.add(f.getAsJsonObject().get("seq").getAsLong()));
            path = body.get("next").isJsonNull() ? null : body.get("next").getAsString();
            assertEquals(path != null, response.headers().firstValue("Link").isPresent());
            pages++;
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
        assertEquals(3, pages);
    }

    @Test
    void aBadCursorOrFormatIsA400() throws Exception {
        assertEquals(400, get("/api/bikes/bike-a/track?after=garbage").statusCode());
        HttpResponse<String> format = get("/api/bikes/bike-a/track?format=kml");
        assertEquals(400, format.statusCode());
        assertTrue(format.body().contains("geojson"), format.body());
        assertEquals(400, get("/api/bikes/bike-a/track?limit=0").statusCode());
    }

    @Test
    void geoJsonIsAFeatureCollectionWithALineAndAPointPerFixInLonLatOrder() throws Exception {
        HttpResponse<String> response = get("/api/bikes/bike-a/track?format=geojson");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/geo+json"));
        JsonObject collection = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("FeatureCollection", collection.get("type").getAsString());
        JsonArray features = collection.getAsJsonArray("features");
        assertEquals(6, features.size());

        JsonObject line = features.get(0).getAsJsonObject();
        assertEquals("Feature", line.get("type").getAsString());
        assertEquals("LineString", line.getAsJsonObject("geometry").get("type").getAsString());
        JsonArray coordinates = line.getAsJsonObject("geometry").getAsJsonArray("coordinates");
        assertEquals(5, coordinates.size());
        assertEquals(13.40, coordinates.get(0).getAsJsonArray().get(0).getAsDouble());
        assertEquals(52.50, coordinates.get(0).getAsJsonArray().get(1).getAsDouble());
        assertEquals(52.54, coordinates.get(4).getAsJsonArray().get(1).getAsDouble());

        JsonObject point = features.get(3).getAsJsonObject();
        assertEquals("Point", point.getAsJsonObject("geometry").get("type").getAsString());
        JsonArray at = point.getAsJsonObject("geometry").getAsJsonArray("coordinates");
        assertEquals(13.42, at.get(0).getAsDouble());
        assertEquals(52.52, at.get(1).getAsDouble());
        JsonObject properties = point.getAsJsonObject("properties");
        assertEquals(3, properties.get("seq").getAsLong());
        assertEquals("outbox-1", properties.get("outboxId").getAsString());
        assertEquals(NOW.plusSeconds(10).toString(), properties.get("time").getAsString());
    }

    @Test
    void geoJsonPagesLinkToTheNextPage() throws Exception {
        HttpResponse<String> first = get("/api/bikes/bike-a/track?format=geojson&limit=3");
        Matcher link = NEXT_LINK.matcher(first.headers().firstValue("Link").orElse(""));
        assertTrue(link.matches(), first.headers().map().toString());
        assertTrue(link.group(1).contains("format=geojson"), link.group(1));
        JsonObject second = JsonParser.parseString(get(link.group(1)).body()).getAsJsonObject();
        JsonArray features = second.getAsJsonArray("features");
        // Two fixes left: a line and two points.
        assertEquals(3, features.size());
        assertEquals(4, features.get(1).getAsJsonObject().getAsJsonObject("properties").get("seq").getAsLong());
        assertFalse(second.has("next"));
    }

    @Test
    void gpxParsesNamespaceAwareWithOneTrkptPerFix() throws Exception {
        HttpResponse<String> response = get("/api/bikes/bike-a/track?format=gpx&from=" + NOW.plusSeconds(5));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/gpx+xml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document gpx = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        Element root = gpx.getDocumentElement();
        assertEquals("gpx", root.getLocalName());
        assertEquals(TrackGpx.NAMESPACE, root.getNamespaceURI());
        assertEquals("1.1", root.getAttribute("version"));
        assertEquals("bikefleet", root.getAttribute("creator"));
        assertEquals(1, root.getElementsByTagNameNS(TrackGpx.NAMESPACE, "trk").getLength());
        assertEquals(1, root.getElementsByTagNameNS(TrackGpx.NAMESPACE, "trkseg").getLength());
        NodeList points = root.getElementsByTagNameNS(TrackGpx.NAMESPACE, "trkpt");
        assertEquals(3, points.getLength());
        Element first = (Element) points.item(0);
        assertEquals(52.52, Double.parseDouble(first.getAttribute("lat")));
        assertEquals(13.42, Double.parseDouble(first.getAttribute("lon")));
        assertEquals(NOW.plusSeconds(10).toString(),
                first.getElementsByTagNameNS(TrackGpx.NAMESPACE, "time").item(0).getTextContent());
    }
}
