package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.time.Duration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bike's write must not fail the others': a value the store cannot hold is refused when its frame is
 * decoded, before it can share a group commit with other bikes' writes; a second hello is refused.
 */
class WriteIsolationTest {

    private static final String YEAR_ONE_BILLION = "+1000000000-01-01T00:00:00Z";

    @TempDir
    Path data;
    private TestServer server;
    private final List<RawBike> bikes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.settings(data));
    }

    @AfterEach
    void stop() {
        bikes.forEach(RawBike::close);
        server.close();
    }

    private RawBike helloed(String bikeId) throws Exception {
        return helloed(bikeId, server.provision(bikeId));
    }

    private RawBike helloed(String bikeId, String token) throws Exception {
        RawBike bike = RawBike.open(server.port(), bikeId, token);
        bikes.add(bike);
        bike.send(new Hello(bikeId, "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-" + bikeId));
        return bike;
    }

    @Test
    void aTelemetryTimeTheStoreCannotHoldIsRefusedAndABikeInTheSameCommitIsStillAcknowledged() throws Exception {
        // Writes, so made before the file is locked.
        server.apiToken();
        String goodToken = server.provision("bike-good");
        String badToken = server.provision("bike-bad");
        RawBike bad;
        RawBike good;
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDatabase.FILE_NAME));
             Statement locking = lock.createStatement()) {
            // While the file is write-locked the committer waits with its first write (the good bike's hello
            // status) and everything after it queues into one group: the good bike's batch beside whatever the
            // bad bike's frame brought.
            locking.execute("BEGIN IMMEDIATE");
            good = helloed("bike-good", goodToken);
            // The hello's status was queued before the server answered it; once the queue is empty again the
            // committer holds it alone, waiting for the lock, and everything sent from now on queues behind
            // it. (Sent at once, the batch could join the status in that first group, leaving nothing queued.)
            good.outboxState();
            awaitStoreQueue(depth -> depth == 0);
            good.send(new Positions("bike-good", BikeIngestTest.positions(1, 2)));
            awaitStoreQueue(depth -> depth >= 1);
            bad = helloed("bike-bad", badToken);
            bad.sendRaw("{\"type\":\"telemetry\",\"bikeId\":\"bike-bad\",\"readings\":[{\"seq\":1,\"time\":\""
                    + YEAR_ONE_BILLION + "\",\"name\":\"battery\",\"value\":\"87\"}]}");
            // The bad frame is either refused at once or waiting in the store's queue beside the good batch.
            RawBike badBike = bad;
            awaitStoreQueue(depth -> depth >= 3 || !badBike.isOpen() && depth >= 2);
            locking.execute("ROLLBACK");
        }

        assertEquals(new Ack(2), good.next(), "the good bike's batch is committed and acknowledged");
        good.send(new Positions("bike-good", BikeIngestTest.positions(3, 3)));
        assertEquals(new Ack(3), good.next());
        assertTrue(good.isOpen(), "the good bike stays connected");

        ErrorMessage error = bad.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.MALFORMED_FRAME, error.code());
        assertTrue(error.message().contains(YEAR_ONE_BILLION), error.message());
        assertEquals(ProtocolCodes.MALFORMED_FRAME, bad.closed().code());
        assertEquals(3, server.count("SELECT count(*) FROM fixes WHERE bike_id = 'bike-good'"));
        assertEquals(0, server.count("SELECT count(*) FROM telemetry"));
    }

    @Test
    void aSeqPastALongIsRefusedNotStoredAsTheLargestLong() throws Exception {
        RawBike bike = helloed("bike-1");
        bike.sendRaw("{\"type\":\"positions\",\"bikeId\":\"bike-1\",\"fixes\":[{\"seq\":9223372036854775808,"
                + "\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4}]}");

        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.MALFORMED_FRAME, error.code());
        assertTrue(error.message().contains("9223372036854775808"), error.message());
        assertEquals(ProtocolCodes.MALFORMED_FRAME, bike.closed().code());
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aSecondHelloOnTheSameConnectionIsRefusedWith1008() throws Exception {
        RawBike bike = helloed("bike-1");
        bike.send(new Positions("bike-1", BikeIngestTest.positions(1, 2)));
        assertEquals(new Ack(2), bike.next());
        // Another outbox id under the acks counted for the first: refused, not taken.
        bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "another-outbox"));

        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.POLICY_VIOLATION, error.code());
        assertEquals("hello was already sent on this connection; send it exactly once per connection",
                error.message());
        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
    }

    private void awaitStoreQueue(LongPredicate wanted) throws Exception {
        Await.until("the store's queue at the depth waited for", Duration.ofSeconds(15),
                () -> wanted.test((long) server.metric("bikefleet_storage_queue_depth")));
    }
}
