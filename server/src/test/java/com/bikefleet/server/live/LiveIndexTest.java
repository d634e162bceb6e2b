package com.bikefleet.server.live;

import static com.bikefleet.server.live.LiveBikes.send;
import static com.bikefleet.server.live.LiveBikes.untilPosition;
import static com.bikefleet.server.live.LiveBikes.updates;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bikefleet.server.Await;
import com.bikefleet.server.RawBike;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener index through a real server: each listener gets what it follows and nothing else, as
 * listeners subscribe, change, unsubscribe and leave, and as bikes move from one grid cell to another.
 */
class LiveIndexTest {

    private static final long BATCH_MILLIS = 50;

    @TempDir
    Path data;
    private LiveBikes live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveBikes(data, LiveBikes.settings(Duration.ofMillis(BATCH_MILLIS)));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    private static Set<String> snapshotBikes(RawListener listener) throws Exception {
        Set<String> out = new HashSet<>();
        for (JsonElement bike : listener.next("snapshot").getAsJsonArray("bikes")) {
            out.add(bike.getAsJsonObject().get("bikeId").getAsString());
        }
        return out;
    }

    private static Set<String> positionsOf(List<JsonObject> updates) {
        Set<String> out = new HashSet<>();
        for (JsonObject update : updates) {
            if (update.get("type").getAsString().equals("position")) {
                out.add(update.get("bikeId").getAsString());
            }
        }
        return out;
    }

    /**
     * Asserts the listener received no position since its last read: a fresh subscribe's snapshot must be
     * its next frame. Called after a witness following every bike has seen the update, plus a few batch
     * intervals, so an update wrongly queued for this listener would have been sent by now.
     */
    private static void assertNothingPending(RawListener listener, String resubscribe) throws Exception {
        Thread.sleep(4 * BATCH_MILLIS);
        listener.send(resubscribe);
        JsonObject frame = listener.next();
        while (frame.get("type").getAsString().equals("updates")) {
            assertEquals(Set.of(), positionsOf(updates(frame)), () -> "an update the listener does not follow");
            frame = listener.next();
        }
        assertEquals("snapshot", frame.get("type").getAsString());
    }

    @Test
    void manyListenersEachGetOnlyTheirOwnBike() throws Exception {
        int bikes = 6;
        List<RawBike> bikeSockets = new ArrayList<>();
        List<RawListener> followers = new ArrayList<>();
        for (int i = 0; i < bikes; i++) {
            bikeSockets.add(live.bike("bike-" + i));
            RawListener follower = live.listener();
            follower.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-" + i + "\"]}");
            snapshotBikes(follower);
            followers.add(follower);
        }
        RawListener dashboard = live.listener();
        dashboard.subscribeAll();
        snapshotBikes(dashboard);

        for (int i = 0; i < bikes; i++) {
            send(bikeSockets.get(i), "bike-" + i, true, 1, 10 + i, 52.52, 13.40 + i * 0.1);
        }

        Set<String> dashboardSaw = new HashSet<>();
        while (dashboardSaw.size() < bikes) {
            dashboardSaw.addAll(positionsOf(updates(dashboard.next("updates"))));
        }
        for (int i = 0; i < bikes; i++) {
            List<JsonObject> seen = untilPosition(followers.get(i), "bike-" + i, 10 + i);
            assertEquals(Set.of("bike-" + i), positionsOf(seen), "follower of bike-" + i);
        }
    }

    @Test
    void aBikeIsFollowedAcrossTheGridCellsOfItsBoxAndNotOutsideIt() throws Exception {
        RawBike bike = live.bike("mover");
        send(bike, "mover", true, 1, 1, 52.5105, 13.4005);
        RawListener box = live.listener();
        RawListener witness = live.listener();
        witness.subscribeAll();
        snapshotBikes(witness);
        // Three cells of 0.01 degree wide and two high.
        box.send("{\"type\":\"subscribe\",\"bbox\":[13.4001,52.5101,13.4299,52.5199]}");
        assertEquals(Set.of("mover"), snapshotBikes(box));

        // East through the box's three cells, then north-east out of it.
        send(bike, "mover", true, 2, 2, 52.5150, 13.4150);
        assertEquals(Set.of("mover"), positionsOf(untilPosition(box, "mover", 2)));
        send(bike, "mover", true, 3, 3, 52.5190, 13.4290);
        assertEquals(Set.of("mover"), positionsOf(untilPosition(box, "mover", 3)));
        send(bike, "mover", true, 4, 4, 52.5250, 13.4350);
        untilPosition(witness, "mover", 4);
        assertNothingPending(box, "{\"type\":\"subscribe\",\"bbox\":[13.4001,52.5101,13.4299,52.5199]}");

        // Back into the box's first cell: followed again.
        send(bike, "mover", true, 5, 5, 52.5110, 13.4010);
        assertEquals(Set.of("mover"), positionsOf(untilPosition(box, "mover", 5)));
    }

    @Test
    void anAppFollowsItsBikeAndTheBoxAroundItOnOneConnection() throws Exception {
        RawBike own = live.bike("own");
        RawBike near = live.bike("near");
        RawBike far = live.bike("far");
        send(own, "own", true, 1, 1, 52.5150, 13.4050);
        send(near, "near", true, 1, 1, 52.5155, 13.4055);
        send(far, "far", true, 1, 1, 48.1400, 11.5800);
        RawListener app = live.listener();
        RawListener witness = live.listener();
        witness.subscribeAll();
        snapshotBikes(witness);

        app.send("{\"type\":\"subscribe\",\"bikeIds\":[\"own\"],\"bbox\":[13.40,52.51,13.41,52.52]}");
        assertEquals(Set.of("own", "near"), snapshotBikes(app));

        // The app's own bike rides out of the box and stays followed; one update, though it is in both parts.
        send(own, "own", true, 2, 2, 52.5160, 13.4060);
        List<JsonObject> seen = untilPosition(app, "own", 2);
        assertEquals(1, seen.stream().filter(u -> u.get("type").getAsString().equals("position")).count());
        send(own, "own", true, 3, 3, 52.6000, 13.6000);
        assertEquals(Set.of("own"), positionsOf(untilPosition(app, "own", 3)));
        send(near, "near", true, 2, 2, 52.5158, 13.4058);
        assertEquals(Set.of("near"), positionsOf(untilPosition(app, "near", 2)));
        send(far, "far", true, 2, 2, 48.1410, 11.5810);
        untilPosition(witness, "far", 2);
        assertNothingPending(app, "{\"type\":\"subscribe\",\"bikeIds\":[\"own\"]}");
    }

    @Test
    void anUnsubscribedOrResubscribedListenerNoLongerGetsTheOldBikes() throws Exception {
        RawBike one = live.bike("bike-1");
        RawBike two = live.bike("bike-2");
        RawListener listener = live.listener();
        RawListener witness = live.listener();
        witness.subscribeAll();
        snapshotBikes(witness);
        listener.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-1\"]}");
        snapshotBikes(listener);

        listener.send("{\"type\":\"unsubscribe\"}");
        assertEquals(Set.of(), snapshotBikes(listener));
        send(one, "bike-1", true, 1, 1, 52.52, 13.40);
        untilPosition(witness, "bike-1", 1);
        assertNothingPending(listener, "{\"type\":\"subscribe\",\"bikeIds\":[\"bike-2\"]}");

        send(one, "bike-1", true, 2, 2, 52.52, 13.40);
        send(two, "bike-2", true, 1, 3, 52.52, 13.40);
        assertEquals(Set.of("bike-2"), positionsOf(untilPosition(listener, "bike-2", 3)));
    }

    @Test
    void aListenerThatLeavesIsTakenOutOfTheIndex() throws Exception {
        RawBike bike = live.bike("bike-1");
        RawListener staying = live.listener();
        staying.send("{\"type\":\"subscribe\",\"bikeIds\":[\"bike-1\"]}");
        snapshotBikes(staying);
        List<RawListener> leaving = new ArrayList<>();
        for (String subscribe : List.of("{\"type\":\"subscribe\",\"all\":true}",
                "{\"type\":\"subscribe\",\"bikeIds\":[\"bike-1\"]}", "{\"type\":\"subscribe\",\"bbox\":[13,52,14,53]}")) {
            RawListener listener = live.listener();
            listener.send(subscribe);
            snapshotBikes(listener);
            leaving.add(listener);
        }
        assertEquals(4, live.server.live().listenersIndexed());

        leaving.forEach(RawListener::close);

        Await.until("the closed listeners out of the index", () -> live.server.live().listenersIndexed() == 1);
        assertEquals(1, live.server.live().listenersConnected());
        send(bike, "bike-1", true, 1, 1, 52.52, 13.40);
        assertEquals(Set.of("bike-1"), positionsOf(untilPosition(staying, "bike-1", 1)));
    }
}
