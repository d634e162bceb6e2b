package com.bikefleet.systemtest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A listening app on /ws/live (the JDK's WebSocket client), subscribed to every bike, remembering the
 * newest fix time and the online state it was told for each bike.
 */
final class LiveClient implements AutoCloseable {

    private final Map<String, Instant> newestFix = new ConcurrentHashMap<>();
    private final Map<String, Boolean> online = new ConcurrentHashMap<>();
    private final WebSocket socket;

    private LiveClient(String wsBase, String apiToken) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + apiToken)
                .buildAsync(URI.create(wsBase + "/ws/live"), new Listener())
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"all\":true}", true).get(5, TimeUnit.SECONDS);
    }

    static LiveClient connect(String wsBase, String apiToken) throws Exception {
        return new LiveClient(wsBase, apiToken);
    }

    /** The newest fix time pushed for the bike, or null. */
    Instant newestFix(String bikeId) {
        return newestFix.get(bikeId);
    }

    /** True when the bike's newest pushed fix is later than {@code time}. */
    boolean sawFixAfter(String bikeId, Instant time) {
        Instant newest = newestFix.get(bikeId);
        return newest != null && newest.isAfter(time);
    }

    Boolean online(String bikeId) {
        return online.get(bikeId);
    }

    private void onFrame(String text) {
        JsonObject frame = JsonParser.parseString(text).getAsJsonObject();
        String type = frame.get("type").getAsString();
        if ("snapshot".equals(type)) {
            for (JsonElement bike : frame.getAsJsonArray("bikes")) {
                JsonObject b = bike.getAsJsonObject();
                if (b.has("online")) {
                    online.put(b.get("bikeId").getAsString(), b.get("online").getAsBoolean());
                }
            }
        } else if ("updates".equals(type)) {
            for (JsonElement element : frame.getAsJsonArray("updates")) {
                JsonObject update = element.getAsJsonObject();
                String bikeId = update.get("bikeId").getAsString();
                switch (update.get("type").getAsString()) {
                    case "position" -> newestFix.merge(bikeId,
                            Instant.parse(update.getAsJsonObject("position").get("time").getAsString()),
                            (a, b) -> b.isAfter(a) ? b : a);
                    case "online" -> online.put(bikeId, true);
                    case "offline" -> online.put(bikeId, false);
                    default -> { }
                }
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        // Only the socket's delivery thread touches it: messages arrive one part at a time, in order.
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onFrame(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
