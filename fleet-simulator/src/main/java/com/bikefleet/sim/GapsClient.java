package com.bikefleet.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads what the server stored for each bike's outbox from its HTTP API ({@code /api/bikes/{id}/gaps}). */
final class GapsClient {

    private final URI server;
    private final String apiToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GapsClient(URI server, String apiToken) {
        this.server = server;
        this.apiToken = apiToken;
    }

    /** For each bike, the stored outbox with the given id, or no entry when the server holds none. */
    Map<String, LossAccounting.Stored> fetch(List<LossAccounting.Ledger> ledgers, int parallel) throws Exception {
        Map<String, LossAccounting.Stored> out = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Void>> futures = new java.util.ArrayList<>();
            for (LossAccounting.Ledger l : ledgers) {
                futures.add(pool.submit(() -> {
                    LossAccounting.Stored s = fetchOne(l.bikeId(), l.outboxId());
                    if (s != null) {
                        out.put(l.bikeId(), s);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private LossAccounting.Stored fetchOne(String bikeId, String outboxId) throws IOException, InterruptedException {
        URI uri = server.resolve("/api/bikes/" + URLEncoder.encode(bikeId, StandardCharsets.UTF_8) + "/gaps");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiToken).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return parse(response.body(), outboxId);
    }

    static LossAccounting.Stored parse(String body, String outboxId) {
        JsonObject root = JsonParser.parseString(body).getAsJsonObject();
        for (JsonElement e : root.getAsJsonArray("outboxes")) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("outboxId").getAsString().equals(outboxId)) {
                return new LossAccounting.Stored(outboxId, o.get("lowestSeq").getAsLong(), o.get("highestSeq").getAsLong(),
                        o.get("stored").getAsLong(), o.get("missing").getAsLong());
            }
        }
        return null;
    }
}
