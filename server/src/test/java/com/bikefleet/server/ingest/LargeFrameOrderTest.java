package com.bikefleet.server.ingest;

import static com.bikefleet.server.ingest.BikeIngestTest.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large frames are handled on the bulk lane (BulkFrameLane); through a real server, a bike's order still holds. */
class LargeFrameOrderTest {

    @TempDir
    Path data;
    private TestServer server;
    private RawBike bike;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.settings(data));
        bike = RawBike.open(server.port(), "bike-1", server.provision("bike-1"));
        bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1"));
    }

    @AfterEach
    void stop() {
        bike.close();
        server.close();
    }

    @Test
    void aSmallBatchSentRightAfterALargeOneIsHandledAfterIt() throws Exception {
        Positions large = new Positions("bike-1", positions(1, 400));
        assertTrue(new MessageCodec().encode(large).length() >= BulkFrameLane.LARGE_FRAME_CHARS,
                "the large batch goes through the bulk lane");
        for (int round = 0; round < 5; round++) {
            long base = round * 401L;
            bike.send(new Positions("bike-1", positions(base + 1, base + 400)));
            bike.send(new Positions("bike-1", positions(base + 401, base + 401)));

            // Handled the other way round, the small batch's ack would come first and acknowledge only the rest.
            assertEquals(new Ack(base + 400), bike.next(), "round " + round);
            assertEquals(new Ack(base + 401), bike.next(), "round " + round);
        }
        assertEquals(5 * 401, server.count("SELECT count(*) FROM fixes WHERE bike_id = 'bike-1'"));
    }

    @Test
    void aSecondHelloAfterLargeFramesChangesNothingTheyCarried() throws Exception {
        bike.send(new Positions("bike-1", positions(1, 400)));
        // A second hello is refused (1008) wherever it comes, so it can no longer move the batch before it
        // to a new outbox; the batch was taken before the refusal and is stored under the first outbox.
        bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-2"));

        Message answer = bike.next();
        if (answer instanceof Ack) {
            answer = bike.next();
        }
        assertEquals(ProtocolCodes.POLICY_VIOLATION, assertInstanceOf(ErrorMessage.class, answer).code());
        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
        Await.until("the batch stored under the first outbox",
                () -> server.count("SELECT count(*) FROM fixes WHERE outbox_id = 'outbox-1'") == 400);
        assertEquals(0, server.count("SELECT count(*) FROM fixes WHERE outbox_id = 'outbox-2'"));
    }
}
