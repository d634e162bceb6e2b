package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what the server stored, through its HTTP API, as an operator's tool would. */
final class ServerApi {

    /** One stored fix as the track endpoint returns it. */
    record StoredFix(String outboxId, long seq, Fix fix) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiToken;

    ServerApi(String base, String apiToken) {
        this.base = base;
        this.apiToken = apiToken;
    }

    /** A request with the API token, for tests that send their own. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiToken);
    }

    JsonElement get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                request(path).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return JsonParser.parseString(response.body());
    }

    List<StoredFix> track(String bikeId) throws Exception {
        JsonArray fixes = get("/api/bikes/" + bikeId + "/track?limit=100000").getAsJsonObject()
                .getAsJsonArray("fixes");
        List<StoredFix> out = new ArrayList<>();
        for (JsonElement element : fixes) {
            JsonObject f = element.getAsJsonObject();
            Fix fix = new Fix(Instant.parse(f.get("time").getAsString()), f.get("lat").getAsDouble(),
                    f.get("lon").getAsDouble(), optional(f, "speed"), optional(f, "course"), optional(f, "alt"),
                    optional(f, "hdop"), f.has("sats") ? f.get("sats").getAsInt() : null,
                    f.has("fix") ? FixType.fromWireName(f.get("fix").getAsString()) : null);
            out.add(new StoredFix(f.get("outboxId").getAsString(), f.get("seq").getAsLong(), fix));
        }
        return out;
    }

    private static Double optional(JsonObject f, String name) {
        return f.has(name) ? f.get(name).getAsDouble() : null;
    }
}
