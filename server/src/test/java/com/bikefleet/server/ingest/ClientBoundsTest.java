package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.Await;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.StalledBike;
import com.bikefleet.server.TestServer;
import com.bikefleet.server.http.ClientText;
import com.bikefleet.server.http.LogBudget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile bike can make the server hold or write: replies it never reads, echoes of its own text,
 * log lines. Through a real server and a raw client.
 */
class ClientBoundsTest {

    /** Far more frames than it takes to fill the sockets' buffers and the bound behind them. */
    private static final int MAX_FRAMES = 400_000;

    @TempDir
    Path data;
    private TestServer server;
    private RawBike bike;

    @BeforeEach
    void start() throws Exception {
        // The rate limit raised so the client can send as fast as it can: the bound under test is the send queue.
        server = TestServer.start(TestServer.settings(data)
                .withLimits(new IngestLimits(1000, 1_000_000, 1_000_000, Duration.ofSeconds(5))));
        String token = server.provision("bike-1");
        bike = RawBike.open(server.port(), "bike-1", token);
        bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1", 0, 0));
    }

    @AfterEach
    void stop() {
        bike.close();
        server.close();
    }

    @Test
    void aBikeThatSendsButDoesNotReadIsClosedWith1008AndWhatIsQueuedForItStaysBounded() throws Exception {
        BikeIngest ingest = server.server().ingest();
        String token = server.provision("bike-2");
        try (StalledBike stalled = StalledBike.open(server.port(), "bike-2", token)) {
            stalled.sendText("{\"type\":\"hello\",\"bikeId\":\"bike-2\",\"agentVersion\":\"t\",\"protocol\":"
                    + ProtocolCodes.PROTOCOL_VERSION + ",\"outboxId\":\"o\"}");
            // Each frame is answered with an error 4100 of some 200 bytes that the bike never reads.
            String frame = "{\"type\":\"" + "x".repeat(200) + "\"}";
            int sent = 0;
            long mostQueued = 0;
            while (ingest.closedNotReading() == 0) {
                assertTrue(sent < MAX_FRAMES, "still not closed after " + sent + " frames; "
                        + ingest.queuedBytes() + " bytes queued");
                // One frame at a time, each handled before the next: when the server closes, it has read all
                // the bike sent (unread data would turn its close into a reset).
                stalled.sendText(frame);
                sent++;
                long handled = sent;
                Await.until("frame " + sent + " handled", Duration.ofSeconds(10), Duration.ofNanos(10_000),
                        () -> ingest.framesRejected() >= handled);
                mostQueued = Math.max(mostQueued, ingest.queuedBytes());
            }
            // Never more than the bound: the reply that would have taken the queue over it was not queued.
            assertTrue(mostQueued <= ingest.maxQueuedBytes(), mostQueued + " bytes queued");
            assertTrue(mostQueued > ingest.maxQueuedBytes() / 2, "closed early, at " + mostQueued + " bytes");
            assertTrue(metrics().contains("bikefleet_bikes_closed_not_reading_total 1.0"), metrics());

            // What was queued comes out first, then the close.
            StalledBike.Closed closed = stalled.readUntilClose();
            assertEquals(ProtocolCodes.POLICY_VIOLATION, closed.code(), closed.toString());
            assertTrue(closed.reason().startsWith("not reading"), closed.reason());
        }
        Await.until("the closed connection's queue is released", () -> ingest.queuedBytes() == 0);
        assertTrue(metrics().contains("bikefleet_send_queue_bytes{endpoint=\"bikes\"} 0.0"), metrics());
    }

    @Test
    void anUnknownTypeIsEchoedCutToAShortPieceWithItsLength() throws Exception {
        bike.sendRaw("{\"type\":\"" + "y".repeat(100_000) + "\"}");
        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.UNKNOWN_MESSAGE_TYPE, error.code());
        assertTrue(error.message().length() <= IngestHandler.MAX_PROBLEM_CHARS + 20, error.message());
        assertTrue(error.message().startsWith("unknown message type 'yyy"), error.message());
        assertTrue(error.message().endsWith("...(100023 chars)"), error.message());
        assertTrue(bike.isOpen());
    }

    @Test
    void aHelloForALongBikeIdIsClosedWithAReasonThatFitsACloseFrame() throws Exception {
        bike.close();
        bike = RawBike.open(server.port(), "bike-1", server.provision("bike-1"));
        bike.send(new Hello("\u00e9".repeat(5_000), "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1", 0, 0));
        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.POLICY_VIOLATION, error.code());
        assertTrue(error.message().contains("...(5000 chars)"), error.message());
        RawBike.Closed closed = bike.closed();
        assertEquals(ProtocolCodes.POLICY_VIOLATION, closed.code());
        assertTrue(closed.reason().getBytes(StandardCharsets.UTF_8).length <= ClientText.MAX_CLOSE_REASON_BYTES,
                closed.reason());
    }

    @Test
    void aThousandRefusedFramesWriteNoMoreLogLinesThanTheConnectionsBudget() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            bike.sendRaw("{\"type\":\"nonsense-" + i + "\"}");
        }
        // Each refusal would be a WARN line; all but the connection's budget are counted as suppressed.
        long budget = LogBudget.CONNECTION_LINES_PER_MINUTE;
        Await.until("the lines over the budget counted as suppressed", () -> suppressed() >= 1_000 - budget);
        assertTrue(suppressed() <= 1_000, "suppressed " + suppressed());
        assertTrue(bike.isOpen());
    }

    private long suppressed() {
        try {
            for (String line : metrics().split("\n")) {
                if (line.startsWith("bikefleet_log_lines_suppressed_total ")) {
                    return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                }
            }
            throw new AssertionError("no bikefleet_log_lines_suppressed_total in /metrics");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String metrics() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpBase() + "/metrics")).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
