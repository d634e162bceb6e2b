package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.retry.Backoff;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor in virtual time: how long it waits between attempts, when it forgets past failures, and
 * that it hears each attempt's end once. The dialer is a fake; the outbox is a real SQLite file.
 */
class ServerLinkTest {

    /** Draws the top of every range, so each reconnect delay equals its bound. */
    private static final RandomGenerator TOP = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    static final LinkSettings SETTINGS = new LinkSettings(URI.create("ws://fleet.invalid/ws/bikes/bike-v"), "bike-v",
            "token", "test", 10, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    @TempDir
    Path dir;
    private Outbox outbox;
    private final ManualScheduler time = new ManualScheduler();
    private final FakeDialer dialer = new FakeDialer();
    private final List<String> events = new ArrayList<>();
    private ServerLink link;

    @BeforeEach
    void start() throws Exception {
        outbox = Outbox.open(dir.resolve("outbox.db"),
                new OutboxSettings(100_000, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL));
        link = new ServerLink(SETTINGS, outbox, time,  dialer,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(20), TOP), new LinkListener() {
                    @Override
                    public void onConnected() {
                        events.add("connected");
                    }

                    @Override
                    public void onDisconnected(String reason, long retryInMillis) {
                        events.add(reason + ", retry in " + retryInMillis);
                    }

                    @Override
                    public void onUnauthorized() {
                        events.add("unauthorized");
                    }
                });
        link.start();
    }

    @AfterEach
    void stop() throws Exception {
        link.close();
        outbox.close();
    }

    private void refused() {
        dialer.last().onEnd(Disconnect.dropped("connect failed: refused"));
    }

    /** Asserts that the next attempt comes exactly {@code delay} after now, not a millisecond sooner. */
    private void nextAttemptAfter(Duration delay) {
        int before = dialer.attempts();
        time.advance(delay.minusMillis(1));
        assertEquals(before, dialer.attempts(), "dialled before " + delay);
        time.advance(Duration.ofMillis(1));
        assertEquals(before + 1, dialer.attempts(), "did not dial at " + delay);
    }

    @Test
    void failedAttemptsWaitTwiceAsLongEachTimeUpToTheCap() {
        long[] bounds = {1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000, 20_000};
        for (long bound : bounds) {
            refused();
            nextAttemptAfter(Duration.ofMillis(bound));
        }
        assertEquals(bounds.length + 1, dialer.attempts());
        assertEquals("connect failed: refused, retry in 20000", events.get(events.size() - 1));
    }

    @Test
    void aConnectionThatStayedUpTheStableTimeStartsTheBackoffOver() {
        for (int i = 0; i < 4; i++) {
            refused();
            time.advance(Duration.ofSeconds(20));
        }
        FakeDialer.FakeWire wire = dialer.open();
        answerPingsFor(wire, SETTINGS.stableAfter());

        dialer.last().onEnd(Disconnect.dropped("closed 1006"));

        assertEquals("closed 1006, retry in 1000", events.get(events.size() - 1));
        nextAttemptAfter(Duration.ofSeconds(1));
    }

    @Test
    void aConnectionThatDroppedSoonerKeepsTheBackoffGrowing() {
        for (int i = 0; i < 4; i++) {
            refused();
            time.advance(Duration.ofSeconds(20));
        }
        FakeDialer.FakeWire wire = dialer.open();
        answerPingsFor(wire, SETTINGS.stableAfter().minusMillis(1));

        dialer.last().onEnd(Disconnect.dropped("closed 1006"));

        assertEquals("closed 1006, retry in 16000", events.get(events.size() - 1));
        nextAttemptAfter(Duration.ofSeconds(16));
    }

    @Test
    void aBusyServerIsGivenTheTimeItAskedForWithoutGrowingTheBackoff() {
        dialer.last().onEnd(Disconnect.serverBusy(Duration.ofSeconds(5)));
        // What it asked, plus up to the base so bikes told the same second spread out.
        nextAttemptAfter(Duration.ofSeconds(6));
        refused();
        nextAttemptAfter(Duration.ofSeconds(1));
    }

    @Test
    void aRefusedTokenIsReportedAndRetriedWithBackoff() {
        dialer.last().onEnd(Disconnect.unauthorizedBike());
        assertEquals(List.of("unauthorized", "unauthorized, retry in 1000"), events);
        nextAttemptAfter(Duration.ofSeconds(1));
    }

    @Test
    void aNetworkChangeWhileWaitingReconnectsAtOnceAndOnlyOnce() {
        refused();
        refused(); // a second report of the same end: not heard
        assertEquals(1, events.size(), events.toString());
        time.advance(Duration.ofMillis(100));

        link.connectivityChanged();

        assertEquals(2, dialer.attempts());
        time.advance(Duration.ofMinutes(5));
        assertEquals(2, dialer.attempts(), "the reconnect it replaced still ran");
    }

    @Test
    void anAttemptThatOpensAfterItWasGivenUpIsClosedAsSuperseded() {
        Wire.Events first = dialer.last();
        first.onEnd(Disconnect.dropped("connect failed: handshake timed out"));
        time.advance(Duration.ofSeconds(1));
        assertEquals(2, dialer.attempts());

        FakeDialer.FakeWire late = new FakeDialer.FakeWire();
        first.onOpen(late);

        assertEquals("1000 superseded", late.aborted);
        assertTrue(late.sent.isEmpty());
        assertFalse(link.isOpen());
        assertFalse(events.contains("connected"));
    }

    @Test
    void resultsFinishedOfflineGoOutRightAfterTheNextHello() {
        refused();
        link.sendCommandResult(new CommandResult("c-1", "done", "rang"));
        time.advance(Duration.ofSeconds(1));

        FakeDialer.FakeWire wire = dialer.open();

        List<Message> sent = wire.drain();
        assertInstanceOf(Hello.class, sent.get(0));
        assertInstanceOf(Status.class, sent.get(1));
        assertEquals(new CommandResult("c-1", "done", "rang"), sent.get(2));
        assertEquals(3, sent.size());
        assertEquals("connected", events.get(events.size() - 1));
    }

    @Test
    void closingSaysGoingAwayAndNeverReconnects() {
        FakeDialer.FakeWire wire = dialer.open();

        link.close();

        assertEquals("1001 agent shutting down", wire.closed);
        assertNull(wire.aborted);
        assertFalse(link.isOpen());
        time.advance(Duration.ofHours(1));
        assertEquals(1, dialer.attempts());
        assertEquals(0, wire.pings, "the closed connection was still pinged");
        assertEquals(List.of("connected"), events);
    }

    /** Moves time forward by {@code span}, answering every ping at once. */
    private void answerPingsFor(FakeDialer.FakeWire wire, Duration span) {
        Duration step = Duration.ofSeconds(1);
        Duration left = span;
        while (left.compareTo(step) > 0) {
            time.advance(step);
            left = left.minus(step);
            answerPings(wire);
        }
        time.advance(left);
        answerPings(wire);
    }

    private int answered;

    private void answerPings(FakeDialer.FakeWire wire) {
        while (answered < wire.pings) {
            answered++;
            dialer.last().onPong();
        }
    }
}
