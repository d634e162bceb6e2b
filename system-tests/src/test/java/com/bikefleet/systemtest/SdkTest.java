package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.bikefleet.agent.config.AgentConfig;
import com.bikefleet.agent.sdk.BikeAgent;
import com.bikefleet.agent.sdk.Commands;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent embedded as a library, against a real server process: telemetry, commands, status. */
class SdkTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void commandsRunOnTheBikeAndTelemetryIsStored() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            Path configFile = server.provision("sdk-bike", dir.resolve("sdk.conf"), dir.resolve("outbox.db"), "1s");
            AgentConfig config = AgentConfig.load(configFile);
            CopyOnWriteArrayList<String> notices = new CopyOnWriteArrayList<>();
            // As docs/sdk.md shows an embedder: the config's settings in one call, then the handlers.
            BikeAgent agent = BikeAgent.builder(config)
                    .onCommand(Commands.MAINTENANCE_NOTICE, args -> {
                        notices.add(args.get("text"));
                        return "shown";
                    })
                    .onCommand(Commands.LOCK, args -> {
                        throw new IllegalStateException("lock motor stalled");
                    })
                    .build();
            agent.start();
            try {
                ServerApi api = server.api();
                Await.until("the bike online", Duration.ofSeconds(30), () -> bike(api).get("online").getAsBoolean());

                String notice = post(server, "{\"name\":\"maintenance-notice\",\"args\":{\"text\":\"Brakes checked\"}}");
                String interval = post(server, "{\"name\":\"set-report-interval\",\"args\":{\"interval\":\"2s\"}}");
                String lock = post(server, "{\"name\":\"lock\",\"args\":{\"locked\":\"true\"}}");
                String ring = post(server, "{\"name\":\"ring\"}");

                Await.until("all four commands answered", Duration.ofSeconds(30),
                        () -> state(api, ring) != null && !state(api, ring).equals("delivered")
                                && !state(api, lock).equals("delivered") && !state(api, notice).equals("delivered")
                                && !state(api, interval).equals("delivered"));
                assertEquals("done", state(api, notice));
                assertEquals(java.util.List.of("Brakes checked"), notices);
                assertEquals("done", state(api, interval));
                assertEquals(Duration.ofSeconds(2), agent.reportInterval());
                assertEquals("failed", state(api, lock));
                assertEquals("unsupported", state(api, ring));

                agent.publish("battery", "87");
                agent.publish("lock", "locked");
                Await.until("two readings stored", Duration.ofSeconds(30),
                        () -> count(server, "SELECT count(*) FROM telemetry WHERE bike_id = 'sdk-bike'") == 2);
                Await.until("the bike's status stored", Duration.ofSeconds(30),
                        () -> "fix".equals(string(bike(api), "gps")));
                assertNotNull(bike(api).get("outboxDepth"));
            } finally {
                agent.close();
            }
        }
    }

    private String post(ServerProcess server, String body) throws Exception {
        HttpResponse<String> response = http.send(server.api().request("/api/bikes/sdk-bike/commands")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsString();
    }

    private static String state(ServerApi api, String id) throws Exception {
        JsonArray commands = api.get("/api/bikes/sdk-bike/commands").getAsJsonArray();
        for (JsonElement c : commands) {
            if (c.getAsJsonObject().get("id").getAsString().equals(id)) {
                return c.getAsJsonObject().get("state").getAsString();
            }
        }
        return null;
    }

    private static JsonObject bike(ServerApi api) throws Exception {
        for (JsonElement b : api.get("/api/bikes").getAsJsonArray()) {
            if (b.getAsJsonObject().get("id").getAsString().equals("sdk-bike")) {
                return b.getAsJsonObject();
            }
        }
        throw new AssertionError("sdk-bike is not listed");
    }

    private static String string(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
    }

    private static long count(ServerProcess server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("bikefleet.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
