package com.bikefleet.server.live;

import static com.bikefleet.server.live.LiveBikes.untilEvent;
import static com.bikefleet.server.live.LiveBikes.untilPosition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.protocol.Telemetry;
import com.bikefleet.model.protocol.TelemetryAck;
import com.bikefleet.server.RawBike;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bikes say about themselves reaches listeners as {@code status} updates, and only when it changes. */
class LiveStatusTest {

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

    private RawListener subscribed() throws Exception {
        RawListener listener = live.listener();
        listener.subscribeAll();
        listener.next("snapshot");
        return listener;
    }

    private static JsonObject lastStatus(List<JsonObject> seen) {
        JsonObject last = seen.get(seen.size() - 1);
        assertEquals("status", last.get("type").getAsString());
        return last;
    }

    /** One live fix with the given floor, acknowledged. */
    private static void liveFix(RawBike bike, long seq, long floor, long second) throws Exception {
        Fix fix = Fix.of(LiveBikes.T0.plusSeconds(second), 52.52, 13.40);
        bike.send(new Positions("bike-1", List.of(new Position(seq, fix)), true, floor));
        assertInstanceOf(Ack.class, bike.next());
    }

    @Test
    void aStatusIsPushedWithEveryKnownFieldAndARepeatIsNot() throws Exception {
        RawListener listener = subscribed();
        RawBike bike = live.bike("bike-1");
        // The hello's drop count comes first.
        assertEquals(0, lastStatus(untilEvent(listener, "bike-1", "status")).get("dropped").getAsLong());

        bike.send(new Status("no_fix", 12, 3));
        JsonObject status = lastStatus(untilEvent(listener, "bike-1", "status"));
        assertEquals("no_fix", status.get("gps").getAsString());
        assertEquals(12, status.get("outboxDepth").getAsLong());
        assertEquals(3, status.get("dropped").getAsLong());

        // The same status again changes nothing and is not pushed: the next update is the fix.
        bike.send(new Status("no_fix", 12, 3));
        liveFix(bike, 1, 0, 1);
        List<JsonObject> seen = untilPosition(listener, "bike-1", 1);
        assertFalse(seen.stream().anyMatch(u -> u.get("type").getAsString().equals("status")), seen.toString());
    }

    @Test
    void aLiveFixAboveItsFloorShowsTheBacklogUntilItHasDrained() throws Exception {
        RawListener listener = subscribed();
        RawBike bike = live.bike("bike-1");
        bike.send(new Status("fix", 500, 0));
        untilEvent(listener, "bike-1", "status");

        // Reconnected with 499 fixes below its newest: the bike sends the newest live first.
        liveFix(bike, 500, 0, 500);
        JsonObject draining = lastStatus(untilEvent(listener, "bike-1", "status"));
        assertEquals(499, draining.get("backlog").getAsLong());
        assertEquals("fix", draining.get("gps").getAsString(), "every known field rides along");

        // Drained: the next live fix has nothing waiting below it.
        liveFix(bike, 501, 500, 501);
        assertEquals(0, lastStatus(untilEvent(listener, "bike-1", "status")).get("backlog").getAsLong());

        // A new listener's snapshot knows it too.
        RawListener later = live.listener();
        later.subscribeAll();
        JsonObject entry = later.next("snapshot").getAsJsonArray("bikes").get(0).getAsJsonObject();
        assertEquals(0, entry.get("backlog").getAsLong());
    }

    @Test
    void aNewConnectionsBacklogIsUnknownUntilItsFirstLiveFix() throws Exception {
        RawListener listener = subscribed();
        RawBike bike = live.bike("bike-1");
        untilEvent(listener, "bike-1", "status");
        liveFix(bike, 5, 0, 5);
        assertEquals(4, lastStatus(untilEvent(listener, "bike-1", "status")).get("backlog").getAsLong());
        bike.close();
        untilEvent(listener, "bike-1", "offline");

        // The online update itself says the backlog is unknown again (the page forgets it); so does a snapshot.
        live.bike("bike-1");
        untilEvent(listener, "bike-1", "online");
        RawListener later = live.listener();
        later.subscribeAll();
        JsonObject entry = later.next("snapshot").getAsJsonArray("bikes").get(0).getAsJsonObject();
        assertFalse(entry.has("backlog"), entry.toString());
        assertEquals(0, entry.get("dropped").getAsLong());
    }

    @Test
    void aBatteryReadingIsPushedAsANumberAndIsInTheSnapshot() throws Exception {
        RawListener listener = subscribed();
        RawBike bike = live.bike("bike-1");
        untilEvent(listener, "bike-1", "status");
        bike.send(new Telemetry("bike-1", List.of(
                new Telemetry.Reading(1, LiveBikes.T0, "battery", "88"),
                new Telemetry.Reading(2, LiveBikes.T0.plusSeconds(60), "lock", "locked"),
                new Telemetry.Reading(3, LiveBikes.T0.plusSeconds(120), "battery", "87.5")), 0));
        bike.next(TelemetryAck.class);

        JsonObject status = lastStatus(untilEvent(listener, "bike-1", "status"));
        assertEquals(87.5, status.get("battery").getAsDouble());
        assertTrue(status.get("battery").getAsJsonPrimitive().isNumber());

        RawListener later = live.listener();
        later.subscribeAll();
        JsonObject entry = later.next("snapshot").getAsJsonArray("bikes").get(0).getAsJsonObject();
        assertEquals(87.5, entry.get("battery").getAsDouble());
    }
}
