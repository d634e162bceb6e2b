package com.bikefleet.server.live;

import static com.bikefleet.server.live.LiveBikes.send;
import static com.bikefleet.server.live.LiveBikes.time;
import static com.bikefleet.server.live.LiveBikes.untilEvent;
import static com.bikefleet.server.live.LiveBikes.untilPosition;
import static com.bikefleet.server.live.LiveBikes.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.RawBike;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /ws/live through a real server: snapshots, subscriptions, what is pushed and what is not. */
class LiveFanoutTest {

    @TempDir
    Path data;
    private LiveBikes live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveBikes(data, LiveBikes.settings(Duration.ofMillis(50)));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    /** bikeId -> snapshot entry. */
    private static Map<String, JsonObject> snapshot(RawListener listener) throws Exception {
        Map<String, JsonObject> out = new TreeMap<>();
        for (JsonElement bike : listener.next("snapshot").getAsJsonArray("bikes")) {
            out.put(bike.getAsJsonObject().get("bikeId").getAsString(), bike.getAsJsonObject());
        }
        return out;
    }

    private static Set<String> bikesIn(List<JsonObject> updates) {
        Set<String> out = new HashSet<>();
        updates.forEach(u -> out.add(u.get("bikeId").getAsString()));
        return out;
    }

    @Test
    void subscribeAllGivesTheSnapshotThenLiveUpdates() throws Exception {
        RawBike bike = live.bike("bike-1");
        send(bike, "bike-1", true, 1, 1, 52.52, 13.40);
        RawListener listener = live.listener();

        listener.subscribeAll();

        JsonObject entry = snapshot(listener).get("bike-1");
        assertEquals(true, entry.get("online").getAsBoolean());
        assertEquals(time(1), entry.getAsJsonObject("position").get("time").getAsString());
        assertEquals(52.52, entry.getAsJsonObject("position").get("lat").getAsDouble());
        assertTrue(entry.has("lastSeen"));
        send(bike, "bike-1", true, 2, 2, 52.53, 13.41);
        List<JsonObject> seen = untilPosition(listener, "bike-1", 2);
        JsonObject update = seen.get(seen.size() - 1);
        assertEquals(13.41, update.getAsJsonObject("position").get("lon").getAsDouble());
    }

    @Test
    void aListOfBikesGetsOnlyThoseBikes() throws Exception {
        RawBike one = live.bike("bike-1");
        RawBike two = live.bike("bike-2");
        send(two, "bike-2", true, 1, 1, 52.52, 13.40);
        RawListener listener = live.listener();

        listener.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-2\",\"bike-9\"]}");

        assertEquals(Set.of("bike-2"), snapshot(listener).keySet());
        send(one, "bike-1", true, 1, 2, 52.52, 13.40);
        send(two, "bike-2", true, 2, 3, 52.52, 13.40);
        assertEquals(Set.of("bike-2"), bikesIn(untilPosition(listener, "bike-2", 3)));
    }

    @Test
    void aBoundingBoxGetsOnlyTheBikesInside() throws Exception {
        RawBike inside = live.bike("berlin");
        RawBike outside = live.bike("munich");
        send(inside, "berlin", true, 1, 1, 52.52, 13.40);
        send(outside, "munich", true, 1, 1, 48.14, 11.58);
        RawListener listener = live.listener();

        listener.send("{\"type\":\"subscribe\",\"bbox\":[13.3,52.4,13.5,52.6]}");

        assertEquals(Set.of("berlin"), snapshot(listener).keySet());
        send(outside, "munich", true, 2, 2, 48.15, 11.59);
        send(inside, "berlin", true, 2, 3, 52.53, 13.41);
        assertEquals(Set.of("berlin"), bikesIn(untilPosition(listener, "berlin", 3)));
    }

    @Test
    void theSubscriptionCanChangeOnTheOpenConnection() throws Exception {
        RawListener listener = live.listener();
        listener.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-1\"]}");
        snapshot(listener);
        RawBike one = live.bike("bike-1");
        RawBike two = live.bike("bike-2");
        send(two, "bike-2", true, 1, 1, 52.52, 13.40);

        listener.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-2\"]}");

        // Updates of the old subscription (bike-1 coming online) may come first; then the new snapshot.
        JsonObject frame = listener.next();
        while (frame.get("type").getAsString().equals("updates")) {
            assertEquals(Set.of("bike-1"), bikesIn(updates(frame)));
            frame = listener.next();
        }
        assertEquals("snapshot", frame.get("type").getAsString());
        assertEquals(1, frame.getAsJsonArray("bikes").size());
        JsonObject entry = frame.getAsJsonArray("bikes").get(0).getAsJsonObject();
        assertEquals("bike-2", entry.get("bikeId").getAsString());
        assertEquals(time(1), entry.getAsJsonObject("position").get("time").getAsString());
        send(one, "bike-1", true, 1, 2, 52.52, 13.40);
        send(two, "bike-2", true, 2, 3, 52.52, 13.40);
        assertEquals(Set.of("bike-2"), bikesIn(untilPosition(listener, "bike-2", 3)));
    }

    @Test
    void backfillIsNotPushed() throws Exception {
        RawListener listener = live.listener();
        listener.subscribeAll();
        snapshot(listener);
        RawBike bike = live.bike("bike-1");
        send(bike, "bike-1", true, 1, 5, 52.52, 13.40);
        untilPosition(listener, "bike-1", 5);

        // Even a backfilled fix newer than the pushed one is not pushed: only live batches are.
        send(bike, "bike-1", false, 2, 30, 52.60, 13.50);
        send(bike, "bike-1", true, 3, 40, 52.61, 13.51);

        List<JsonObject> seen = untilPosition(listener, "bike-1", 40);
        assertFalse(seen.stream().anyMatch(u -> LiveBikes.isPosition(u, "bike-1", 30)), seen::toString);
    }

    @Test
    void anOlderFixIsNotPushedAfterANewerOne() throws Exception {
        RawListener listener = live.listener();
        listener.subscribeAll();
        snapshot(listener);
        RawBike one = live.bike("bike-1");
        RawBike two = live.bike("bike-2");
        send(one, "bike-1", true, 1, 100, 52.52, 13.40);
        untilPosition(listener, "bike-1", 100);

        send(one, "bike-1", true, 2, 50, 52.50, 13.30);
        send(two, "bike-2", true, 1, 60, 52.52, 13.40);

        List<JsonObject> seen = untilPosition(listener, "bike-2", 60);
        assertFalse(seen.stream().anyMatch(u -> LiveBikes.isPosition(u, "bike-1", 50)), seen::toString);
    }

    @Test
    void bikesGoingOnlineAndOfflineArePushed() throws Exception {
        RawListener listener = live.listener();
        listener.subscribeAll();
        snapshot(listener);

        RawBike bike = live.bike("bike-1");
        untilEvent(listener, "bike-1", "online");
        bike.close();
        untilEvent(listener, "bike-1", "offline");

        listener.subscribeAll();
        assertFalse(snapshot(listener).get("bike-1").get("online").getAsBoolean());
    }

    @Test
    void aDashboardGetsUpdatesOfManyBikesInOneFrame() throws Exception {
        int bikes = 10;
        List<RawBike> fleet = new ArrayList<>();
        for (int i = 0; i < bikes; i++) {
            fleet.add(live.bike("bike-" + i));
        }
        RawListener dashboard = live.listener();
        dashboard.subscribeAll();
        snapshot(dashboard);

        // All fixes go out before any ack is awaited, so they are committed within a few batch intervals.
        for (int i = 0; i < bikes; i++) {
            fleet.get(i).send(new com.bikefleet.model.protocol.Positions("bike-" + i,
                    List.of(new com.bikefleet.model.Position(1, com.bikefleet.model.Fix.of(
                            LiveBikes.T0.plusSeconds(7), 52.5 + i * 0.001, 13.4))), true, 0));
        }
        Set<String> positioned = new HashSet<>();
        int frames = 0;
        int largest = 0;
        while (positioned.size() < bikes) {
            List<JsonObject> frame = updates(dashboard.next("updates"));
            frames++;
            int positions = 0;
            for (JsonObject update : frame) {
                if (update.get("type").getAsString().equals("position")) {
                    positioned.add(update.get("bikeId").getAsString());
                    positions++;
                }
            }
            largest = Math.max(largest, positions);
        }
        assertTrue(largest > 1, "every position came in a frame of its own (" + frames + " frames)");
        assertTrue(frames < bikes, frames + " frames for " + bikes + " positions");
    }

    @Test
    void aBadSubscriptionIsAnErrorAndACloseAnUnknownTypeOnlyAnError() throws Exception {
        RawListener listener = live.listener();

        listener.send("{\"type\":\"hello\"}");
        JsonObject error = listener.next("error");
        assertEquals(ProtocolCodes.UNKNOWN_MESSAGE_TYPE, error.get("code").getAsInt());

        listener.send("{\"type\":\"subscribe\",\"bbox\":[13.5,52.4,13.3,52.6]}");
        error = listener.next("error");
        assertEquals(ProtocolCodes.MALFORMED_FRAME, error.get("code").getAsInt());
        assertTrue(error.get("message").getAsString().contains("bbox"), error.toString());
        assertEquals(ProtocolCodes.MALFORMED_FRAME, listener.closed().code());
    }
}
