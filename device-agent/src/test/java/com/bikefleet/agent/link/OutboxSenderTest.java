package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.Telemetry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live first, then backfill, on a real outbox file; the "connection" records what would be sent. */
class OutboxSenderTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;
    private Outbox outbox;
    private final List<Message> sent = new ArrayList<>();
    private OutboxSender sender;

    @BeforeEach
    void open() throws Exception {
        outbox = Outbox.open(dir.resolve("outbox.db"),
                new OutboxSettings(100_000, 64L * 1024 * 1024, OutboxSettings.Durability.NORMAL));
        sender = new OutboxSender(outbox, "bike", 10, 2, sent::add);
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

    private List<Long> seqs(Message m) {
        return ((Positions) m).positions().stream().map(Position::seq).toList();
    }

    @Test
    void theNewestFixGoesFirstThenTheBacklogOldestFirstWithinTheWindow() throws Exception {
        backlog(35);
        sender.start();

        assertEquals(3, sent.size());
        Positions first = (Positions) sent.get(0);
        assertTrue(first.live());
        assertEquals(List.of(35L), seqs(first));
        assertEquals(0, first.floor());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs(sent.get(1)));
        assertEquals(11L, seqs(sent.get(2)).get(0));
        assertTrue(!((Positions) sent.get(1)).live());
    }

    @Test
    void anAckOpensTheWindowAndTheBacklogStopsBelowTheFirstLiveFix() throws Exception {
        backlog(35);
        sender.start();
        sent.clear();

        outbox.acknowledge(10);
        sender.acknowledged(10);
        assertEquals(List.of(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L), seqs(sent.get(0)));
        assertEquals(10, ((Positions) sent.get(0)).floor());

        outbox.acknowledge(30);
        sender.acknowledged(30);
        assertEquals(List.of(31L, 32L, 33L, 34L), seqs(sent.get(1)));
        assertEquals(2, sent.size());
    }

    @Test
    void aFixTakenWhileConnectedIsSentAtOnceEvenWhenTheWindowIsFull() throws Exception {
        backlog(100);
        sender.start();
        sent.clear();

        Position fresh = outbox.append(Fix.of(T0.plusSeconds(1000), 52.6, 13.5));
        sender.appended(fresh);

        assertEquals(1, sent.size());
        assertTrue(((Positions) sent.get(0)).live());
        assertEquals(List.of(101L), seqs(sent.get(0)));
    }

    @Test
    void withNothingPendingOnlyNewFixesAreSent() throws Exception {
        sender.start();
        assertEquals(List.of(), sent);
        sender.appended(outbox.append(Fix.of(T0, 52.5, 13.4)));
        assertEquals(List.of(1L), seqs(sent.get(0)));
    }

    @Test
    void telemetryGoesOneBatchAtATime() throws Exception {
        outbox.appendReading(T0, "battery", "90");
        sender.start();
        outbox.appendReading(T0, "battery", "89");
        sender.sendMore();
        assertEquals(1, sent.stream().filter(m -> m instanceof Telemetry).count());

        outbox.acknowledgeReadings(1);
        sender.telemetryAcknowledged();
        Telemetry second = (Telemetry) sent.get(sent.size() - 1);
        assertEquals(2, second.readings().get(0).seq());
        assertEquals(1, second.floor());
    }

    @Test
    void afterARateLimitEverythingPendingIsSentAgainFromTheFloor() throws Exception {
        backlog(25);
        sender.start();
        outbox.acknowledge(10);
        sender.acknowledged(10);
        sent.clear();

        sender.resendPending();

        assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), seqs(sent.get(0)));
        assertEquals(List.of(21L, 22L, 23L, 24L, 25L), seqs(sent.get(1)));
        assertTrue(sent.stream().noneMatch(m -> ((Positions) m).live()));
    }
}
