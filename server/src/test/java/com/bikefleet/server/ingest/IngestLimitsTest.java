package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.server.Await;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-bike limits through a real server and a raw client. */
class IngestLimitsTest {

    @TempDir
    Path data;
    private TestServer server;
    private final List<RawBike> bikes = new ArrayList<>();

    @AfterEach
    void stop() {
        bikes.forEach(RawBike::close);
        server.close();
    }

    private RawBike helloed(IngestLimits limits) throws Exception {
        server = TestServer.start(TestServer.settings(data).withLimits(limits));
        String token = server.provision("bike-1");
        RawBike bike = RawBike.open(server.port(), "bike-1", token);
        bikes.add(bike);
        bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1"));
        return bike;
    }

    @Test
    void aBatchOverTheLimitIsRefusedWholeAndTheConnectionClosed() throws Exception {
        RawBike bike = helloed(new IngestLimits(10, 100, 200, Duration.ofSeconds(5)));
        bike.send(new Positions("bike-1", BikeIngestTest.positions(1, 10)));
        assertEquals(10, bike.next(Ack.class).seq(), "a batch at the limit is fine");

        bike.send(new Positions("bike-1", BikeIngestTest.positions(11, 21)));
        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.POLICY_VIOLATION, error.code());
        assertEquals("batch of 11 fixes is over the limit of 10 (ingest.max-fixes-per-batch)", error.message());
        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
        assertEquals(10, server.count("SELECT count(*) FROM fixes"));
        // Counted once the answer is decided, which may be just after the close reached the client.
        Await.until("the batch counted as rejected", () -> server.server().ingest().framesRejected() == 1);
    }

    @Test
    void messagesOverTheRateAreDroppedAndAPersistentFloodIsCutOff() throws Exception {
        // 1 a second with a burst of 3: the hello and two statuses pass, then the bucket is empty.
        RawBike bike = helloed(new IngestLimits(1000, 1, 3, Duration.ofSeconds(1)));
        bike.send(new Status("fix", 0, 0));
        bike.send(new Status("fix", 0, 0));
        // Dropped unprocessed: not stored, not acknowledged.
        bike.send(new Positions("bike-1", BikeIngestTest.positions(1, 1)));
        ErrorMessage first = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.RATE_LIMITED, first.code());
        assertEquals("more than 1 messages per second (burst 3, ingest.max-messages-per-second); message dropped",
                first.message());
        assertTrue(bike.isOpen());

        // Keep going at about 20 a second, ten times the rate, until the server gives up on the bike.
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bike.isOpen() && System.nanoTime() < deadline) {
            bike.sendRawIgnoringFailure("{\"type\":\"status\",\"gps\":\"fix\",\"outboxDepth\":0}");
            Thread.sleep(50); // pacing the flood, not waiting for a result
        }
        RawBike.Closed closed = bike.closed();
        assertEquals(ProtocolCodes.RATE_LIMIT_EXCEEDED, closed.code(), closed.reason());
        Message message;
        do {
            message = bike.next();
            received.add(message);
        } while (!(message instanceof ErrorMessage e && e.code() == ProtocolCodes.RATE_LIMIT_EXCEEDED));
        assertEquals("more than 1 messages per second (burst 3, ingest.max-messages-per-second) for 1 s; disconnected",
                ((ErrorMessage) message).message());
        assertTrue(received.stream().noneMatch(m -> m instanceof Ack), "nothing was acknowledged: " + received);
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }
}
