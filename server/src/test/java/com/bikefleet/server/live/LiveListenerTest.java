package com.bikefleet.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.protocol.ProtocolCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The listener's queue on its own, with a socket that records sends and completes them only when told. */
class LiveListenerTest {

    private static final class RecordingSocket implements LiveSocket {
        final List<String> frames = new ArrayList<>();
        final List<Consumer<Throwable>> inFlight = new ArrayList<>();
        int closeCode;

        @Override
        public void send(String frame, Consumer<Throwable> done) {
            frames.add(frame);
            inFlight.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        void complete() {
            inFlight.remove(0).accept(null);
        }
    }

    private final LiveJson json = new LiveJson();
    private final LiveCounters counters = new LiveCounters();
    private final RecordingSocket socket = new RecordingSocket();
    private final LiveListener listener = new LiveListener(socket, json, counters, 1_000, 3);

    private LiveUpdate position(String bikeId, long second) {
        Fix fix = Fix.of(Instant.EPOCH.plusSeconds(second), 52.5, 13.4);
        return new LiveUpdate("p:" + bikeId, bikeId, fix, json.position(bikeId, fix));
    }

    private void subscribedToAll() {
        listener.subscribe(new Subscription.All());
        listener.snapshotReady("{\"type\":\"snapshot\",\"bikes\":[]}");
        listener.flush(0);
        socket.complete();
    }

    @Test
    void nothingIsSentBeforeTheSnapshotIsReady() {
        listener.subscribe(new Subscription.All());
        listener.offer(position("a", 1));
        listener.flush(0);
        assertEquals(0, socket.frames.size());

        listener.snapshotReady("{\"type\":\"snapshot\",\"bikes\":[]}");
        listener.flush(1);
        listener.flush(2);

        assertEquals(List.of("{\"type\":\"snapshot\",\"bikes\":[]}"), socket.frames);
    }

    @Test
    void whileAFrameIsOnItsWayUpdatesCoalesceToTheLatestPerBike() {
        subscribedToAll();
        listener.offer(position("a", 1));
        listener.flush(10);
        listener.offer(position("a", 2));
        listener.offer(position("b", 2));
        listener.offer(position("a", 3));
        listener.flush(20);
        assertEquals(2, socket.frames.size(), "a second frame went out before the first completed");

        socket.complete();
        listener.flush(30);

        assertEquals(json.updatesFrame(List.of(position("b", 2).fragment(), position("a", 3).fragment())),
                socket.frames.get(2));
        assertEquals(1, counters.coalesced.get());
    }

    @Test
    void aFrameThatDoesNotGoOutInTimeClosesTheListenerWith4003() {
        subscribedToAll();
        listener.offer(position("a", 1));
        listener.flush(10);

        listener.flush(1_010);
        assertEquals(0, socket.closeCode);
        listener.flush(1_011);

        assertEquals(ProtocolCodes.LISTENER_TOO_SLOW, socket.closeCode);
        assertEquals(1, counters.closedTooSlow.get());
        assertTrue(listener.isClosed());
    }

    @Test
    void anOverflowingQueueClosesTheListenerWith4003() {
        subscribedToAll();
        for (String bike : List.of("a", "b", "c", "d")) {
            listener.offer(position(bike, 1));
        }

        listener.flush(10);

        assertEquals(ProtocolCodes.LISTENER_TOO_SLOW, socket.closeCode);
    }

    @Test
    void aListenerWithMoreCharactersOfUpdatesWaitingThanTheBoundIsClosedWith4003() {
        LiveListener bounded = new LiveListener(socket, json, counters, 1_000, 100, 200);
        bounded.subscribe(new Subscription.All());
        bounded.snapshotReady("{\"type\":\"snapshot\",\"bikes\":[]}");
        bounded.flush(0);
        // The snapshot is still on its way: updates for distinct bikes pile up, each some 80 characters.
        for (int i = 0; i < 3; i++) {
            bounded.offer(position("bike-" + i, 1));
        }
        bounded.flush(10);
        assertEquals(ProtocolCodes.LISTENER_TOO_SLOW, socket.closeCode);
        assertEquals(1, counters.closedTooSlow.get());
    }

    @Test
    void listenersWithTheSameUpdatesShareOneFrameInATick() {
        RecordingSocket otherSocket = new RecordingSocket();
        LiveListener other = new LiveListener(otherSocket, json, counters, 1_000, 3);
        RecordingSocket thirdSocket = new RecordingSocket();
        LiveListener third = new LiveListener(thirdSocket, json, counters, 1_000, 3);
        subscribedToAll();
        for (LiveListener l : List.of(other, third)) {
            l.subscribe(new Subscription.All());
            l.snapshotReady("{\"type\":\"snapshot\",\"bikes\":[]}");
            l.flush(0);
        }
        otherSocket.complete();
        thirdSocket.complete();
        LiveUpdate a = position("a", 1);
        LiveUpdate b = position("b", 1);
        for (LiveListener l : List.of(listener, other)) {
            l.offer(a);
            l.offer(b);
        }
        third.offer(b);
        third.offer(a);

        SharedFrames tick = new SharedFrames(json);
        listener.flush(10, tick);
        other.flush(10, tick);
        third.flush(10, tick);

        assertTrue(socket.frames.get(1) == otherSocket.frames.get(1), "the same updates: one frame, joined once");
        assertEquals(json.updatesFrame(List.of(a.fragment(), b.fragment())), socket.frames.get(1));
        assertEquals(json.updatesFrame(List.of(b.fragment(), a.fragment())), thirdSocket.frames.get(1),
                "other updates (here their order): a frame of its own");
    }
}
