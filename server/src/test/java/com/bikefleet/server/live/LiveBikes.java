package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.BikeServer;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.ServerSettings;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A real server with live settings chosen by the test, and raw bikes and listeners that are closed with it. */
final class LiveBikes implements AutoCloseable {

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    static {
        // Grizzly logs through java.util.logging; route it like the real server does.
        org.tinylog.jul.JulTinylogBridge.activate();
    }

    final BikeServer server;
    private final List<AutoCloseable> opened = new ArrayList<>();

    LiveBikes(Path data, LiveSettings live) throws Exception {
        server = BikeServer.start(ServerSettings.defaults("127.0.0.1", 0, data).withIdleTimeout(Duration.ofSeconds(30)),
                live, Clock.systemUTC());
    }

    static LiveSettings settings(Duration batchInterval) {
        return new LiveSettings(batchInterval, Duration.ofSeconds(10), 100_000, 64 * 1024);
    }

    int port() {
        return server.port();
    }

    String apiToken(String name) {
        return server.apiTokens().create(name);
    }

    RawListener listener() throws Exception {
        RawListener listener = RawListener.open(port(), apiToken("l" + opened.size()));
        opened.add(listener);
        return listener;
    }

    /** A bike connected and past its hello. */
    RawBike bike(String bikeId) throws Exception {
        RawBike bike = RawBike.open(port(), bikeId, server.registry().issueToken(bikeId));
        opened.add(bike);
        bike.send(new Hello(bikeId, "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-" + bikeId));
        return bike;
    }

    /** Sends one fix and waits for its ack: once acked, the fix is in every matching listener's queue. */
    static void send(RawBike bike, String bikeId, boolean live, long seq, long second, double lat, double lon)
            throws Exception {
        Fix fix = Fix.of(T0.plusSeconds(second), lat, lon);
        bike.send(new Positions(bikeId, List.of(new Position(seq, fix)), live, seq - 1));
        assertInstanceOf(Ack.class, bike.next());
    }

    static String time(long second) {
        return T0.plusSeconds(second).toString();
    }

    /** Every update object of an updates frame. */
    static List<JsonObject> updates(JsonObject frame) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement update : frame.getAsJsonArray("updates")) {
            out.add(update.getAsJsonObject());
        }
        return out;
    }

    static boolean isPosition(JsonObject update, String bikeId, long second) {
        return update.get("type").getAsString().equals("position")
                && update.get("bikeId").getAsString().equals(bikeId)
                && update.getAsJsonObject("position").get("time").getAsString().equals(time(second));
    }

    /** Reads updates frames until one holds the given position; returns every update read, that one last. */
    static List<JsonObject> untilPosition(RawListener listener, String bikeId, long second) throws Exception {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            for (JsonObject update : updates(listener.next("updates"))) {
                seen.add(update);
                if (isPosition(update, bikeId, second)) {
                    return seen;
                }
            }
        }
    }

    /** Reads updates frames until one holds the given event ("online" or "offline") of the bike. */
    static List<JsonObject> untilEvent(RawListener listener, String bikeId, String type) throws Exception {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            for (JsonObject update : updates(listener.next("updates"))) {
                seen.add(update);
                if (update.get("type").getAsString().equals(type) && update.get("bikeId").getAsString().equals(bikeId)) {
                    return seen;
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        server.close();
    }
}
