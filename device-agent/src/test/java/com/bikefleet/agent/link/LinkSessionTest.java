package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session in virtual time, alone: what goes out in which order, the window, the ping deadline, and
 * resending when the server's ack is stuck or it dropped a frame. The wire is a fake that records frames;
 * the outbox is a real SQLite file; batches of 10 with a window of 2, pings every 15 s, a 30 s deadline.
 */
class LinkSessionTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final LinkSettings SETTINGS = ServerLinkTest.SETTINGS;

    @TempDir
    Path dir;
    private Outbox outbox;
    private final ManualScheduler time = new ManualScheduler();
    private final MessageCodec codec = new MessageCodec();
    private final List<String> ends = new ArrayList<>();
    private final List<Long> acked = new ArrayList<>();
    private LinkSession session;
    private FakeDialer.FakeWire wire;

    @BeforeEach
    void open() throws Exception {
        outbox = Outbox.open(dir.resolve("outbox.db"),
                new OutboxSettings(100_000, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL));
        session = new LinkSession(SETTINGS, outbox, time, codec, "fix", new LinkSession.Owner() {
            @Override
            public void opened(LinkSession s) {
            }

            @Override
            public void ended(LinkSession s, Disconnect why) {
                ends.add(why.reason());
            }
        }, new LinkListener() {
            @Override
            public void onAcknowledged(long seq) {
                acked.add(seq);
            }
        });
        wire = new FakeDialer.FakeWire();
    }

    @AfterEach
    void close() throws Exception {
        outbox.close();
    }

    private void backlog(int fixes) throws Exception {
        for (int i = 0; i < fixes; i++) {
            outbox.append(Fix.of(T0.plusSeconds(i), 52.5, 13.4));
        }
    }

    private void serverSays(Message message) {
        session.onText(codec.encode(message));
    }

    /** Opens the session and answers its hello as a server that holds nothing of this outbox. */
    private void openAndAnswerHello() {
        session.onOpen(wire);
        serverSays(new OutboxState(outbox.outboxId(), 0, 0));
    }

    /** The seqs of each positions frame sent since the last call, "L" marking live ones; other frames skipped. */
    private List<String> positionsSent() {
        List<String> out = new ArrayList<>();
        for (Message m : wire.drain()) {
            if (m instanceof Positions p) {
                List<Long> seqs = p.positions().stream().map(Position::seq).toList();
                String last = seqs.size() > 1 ? ".." + seqs.get(seqs.size() - 1) : "";
                out.add((p.live() ? "L" : "") + seqs.get(0) + last);
            }
        }
        return out;
    }

    @Test
    void theHelloAndStatusGoFirstAndNoFixUntilTheServerSaysWhatItHolds() throws Exception {
        backlog(5);
        session.onOpen(wire);

        List<Message> first = wire.drain();
        assertEquals(2, first.size(), first.toString());
        Hello hello = assertInstanceOf(Hello.class, first.get(0));
        assertEquals(outbox.outboxId(), hello.outboxId());
        assertEquals(new Status("fix", 5, 0, 0), first.get(1));

        serverSays(new OutboxState(outbox.outboxId(), 0, 0));

        assertEquals(List.of("L5", "1..4"), positionsSent());
    }

    @Test
    void anOlderServerThatNeverAnswersTheHelloGetsTheFixesAfterTheHandshakeTimeout() throws Exception {
        backlog(3);
        session.onOpen(wire);
        wire.drain();

        time.advance(SETTINGS.handshakeTimeout().minusMillis(1));
        assertEquals(List.of(), positionsSent());
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("L3", "1..2"), positionsSent());
    }

    @Test
    void theNewestFixGoesFirstAndLiveFixesOvertakeTheBacklogWhichKeepsItsWindow() throws Exception {
        backlog(45);
        openAndAnswerHello();
        // Live first, then two batches of backlog, oldest first: the window is full.
        assertEquals(List.of("L45", "1..10", "11..20"), positionsSent());

        session.fixAppended(outbox.append(Fix.of(T0.plusSeconds(100), 52.5, 13.4)));
        assertEquals(List.of("L46"), positionsSent(), "a live fix waited for the backlog");

        serverSays(new Ack(10));
        assertEquals(List.of("21..30"), positionsSent());
        serverSays(new Ack(20));
        assertEquals(List.of("31..40"), positionsSent());
        serverSays(new Ack(40));
        assertEquals(List.of("41..44"), positionsSent());
        serverSays(new Ack(46));
        assertEquals(List.of(), positionsSent());
        assertEquals(0, outbox.depth());
        assertEquals(List.of(10L, 20L, 40L, 46L), acked);
    }

    @Test
    void aPingUnansweredPastTheDeadlineEndsTheSessionOnce() {
        openAndAnswerHello();

        time.advance(SETTINGS.pingInterval());
        assertEquals(1, wire.pings);
        // One ping outstanding at a time: the next beat only checks its age.
        time.advance(SETTINGS.pingInterval());
        assertEquals(1, wire.pings);
        assertTrue(session.isOpen());

        time.advance(SETTINGS.pingInterval());

        assertFalse(session.isOpen());
        assertEquals(ProtocolCodes.GOING_AWAY + " no pong", wire.aborted);
        assertEquals(List.of("no pong within 30000 ms"), ends);
        session.onEnd(Disconnect.dropped("closed 1006")); // Tyrus' close, late: already ended
        time.advance(Duration.ofHours(1));
        assertEquals(1, ends.size());
        assertEquals(1, wire.pings);
        assertEquals(0, time.pending(), "a timer outlived the session");
    }

    @Test
    void answeredPingsKeepTheSessionForHours() {
        openAndAnswerHello();
        for (int beat = 0; beat < 4 * 60 * 2; beat++) {
            time.advance(SETTINGS.pingInterval());
            session.onPong();
        }
        assertTrue(session.isOpen());
        assertEquals(4 * 60 * 2, wire.pings);
        assertEquals(List.of(), ends);
        assertNull(wire.aborted);
    }

    @Test
    void acksStuckBelowALostBatchBringEverythingPendingAgainFromTheFloor() throws Exception {
        backlog(25);
        openAndAnswerHello();
        assertEquals(List.of("L25", "1..10", "11..20"), positionsSent());

        // The first batch was lost on the way: the server's cumulative ack stays at 0 while the others arrive.
        serverSays(new Ack(0));
        serverSays(new Ack(0));
        serverSays(new Ack(0));
        time.advance(SETTINGS.pingInterval());
        session.onPong();
        assertEquals(List.of(), positionsSent(), "resent before the stall lasted the limit");

        time.advance(SETTINGS.pingInterval());
        session.onPong();

        // Everything pending is backlog again, from the floor up, within the window.
        assertEquals(List.of("1..10", "11..20"), positionsSent());
    }

    @Test
    void aServerThatIsMerelySlowGetsNoCopies() throws Exception {
        backlog(25);
        openAndAnswerHello();
        positionsSent();

        // No ack at all for ten minutes: slow, not lossy.
        for (int beat = 0; beat < 40; beat++) {
            time.advance(SETTINGS.pingInterval());
            session.onPong();
        }

        assertEquals(List.of(), positionsSent());
        assertTrue(session.isOpen());
    }

    @Test
    void aFrameTheServerDroppedUnreadIsSentAgainASecondLater() throws Exception {
        backlog(5);
        openAndAnswerHello();
        positionsSent();

        serverSays(new ErrorMessage(ProtocolCodes.RATE_LIMITED, "slow down"));

        time.advance(LinkSession.RATE_LIMIT_PAUSE.minusMillis(1));
        assertEquals(List.of(), positionsSent());
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("1..5"), positionsSent());
    }

    @Test
    void aBusyStoreKeepsTheConnectionLiveFixesGoOnAndOnlyTheRefusedBatchesGoAgainOnceAfterAPause() throws Exception {
        backlog(5);
        openAndAnswerHello();
        assertEquals(List.of("L5", "1..4"), positionsSent());

        // Both batches refused, each named: one resend, of those two, covers both.
        serverSays(new ErrorMessage(ProtocolCodes.STORE_BUSY, "the server's store is busy", 5L, 5L));
        serverSays(new ErrorMessage(ProtocolCodes.STORE_BUSY, "the server's store is busy", 1L, 4L));
        Position live = outbox.append(Fix.of(T0.plusSeconds(5), 52.5, 13.4));
        session.fixAppended(live);
        assertEquals(List.of("L6"), positionsSent());
        assertTrue(session.isOpen());

        time.advance(LinkSession.STORE_BUSY_PAUSE_MIN.minusMillis(1));
        assertEquals(List.of(), positionsSent());
        time.advance(LinkSession.STORE_BUSY_PAUSE_MAX.minus(LinkSession.STORE_BUSY_PAUSE_MIN).plusMillis(1));
        assertEquals(List.of("5", "1..4"), positionsSent(), "the live fix 6 was taken: not sent again");
        time.advance(LinkSession.STORE_BUSY_PAUSE_MAX.multipliedBy(2));
        assertEquals(List.of(), positionsSent());
        assertEquals(List.of(), ends);
    }

    @Test
    void aBusyAnswerThatNamesNoBatchSendsEverythingPendingAgain() throws Exception {
        backlog(5);
        openAndAnswerHello();
        positionsSent();

        serverSays(new ErrorMessage(ProtocolCodes.STORE_BUSY, "the server's store is busy"));
        time.advance(LinkSession.STORE_BUSY_PAUSE_MAX);
        assertEquals(List.of("1..5"), positionsSent());
        assertTrue(session.isOpen());
    }

    @Test
    void anOutboxThatRolledBackIsRenumberedAboveWhatTheServerHoldsBeforeSending() throws Exception {
        backlog(3);
        session.onOpen(wire);
        wire.drain();

        serverSays(new OutboxState(outbox.outboxId(), 7, 0));

        assertEquals(List.of("L10", "8..9"), positionsSent());
        assertEquals(LongStream.rangeClosed(8, 10).boxed().toList(),
                outbox.pendingBetween(0, Long.MAX_VALUE, 10).stream().map(Position::seq).toList());
    }
}
