package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot keep up pushes back instead of holding the server's network threads: the SQLite file
 * is write-locked by another connection (as a long operator query or a slow disk would), the store's
 * one-write lanes fill, and the next message is refused with 4103 while the connection stays and the server
 * goes on answering others. Nothing refused is stored; sent again later, everything is stored once.
 */
class StorePushBackTest {

    @TempDir
    Path data;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.settings(data).withStore(2, 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFullStoreAnswers4103KeepsTheConnectionStaysResponsiveAndTheResentFixesAreStoredOnce() throws Exception {
        String token = server.provision("bike-1");
        try (RawBike bike = RawBike.open(server.port(), "bike-1", token)) {
            try (StoreLock lock = lockStore()) {
                bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1"));
                for (long seq = 1; seq <= 5; seq++) {
                    bike.send(new Positions("bike-1", BikeIngestTest.positions(seq, seq)));
                }
                ErrorMessage error = assertInstanceOf(ErrorMessage.class, bike.next());
                assertEquals(ProtocolCodes.STORE_BUSY, error.code());
                assertTrue(error.message().contains("send it again"), error.message());
                // The network threads were never blocked: plain HTTP is answered while the store is still stuck.
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(server.httpBase() + "/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
                lock.release();
            }
            awaitEmptyStoreQueue();
            // The same connection: what was refused goes again on it, as the agent does after its pause.
            bike.send(new Positions("bike-1", BikeIngestTest.positions(1, 5)));
            // Acks of the writes the lanes had taken before the refusals may come first; more refusals too.
            Message message;
            do {
                message = bike.next();
            } while (!new Ack(5).equals(message));
            assertTrue(bike.isOpen(), "the connection stayed open throughout");
        }
        assertEquals(5, server.count("SELECT count(*) FROM fixes WHERE bike_id = 'bike-1'"));
        assertEquals(5, server.count("SELECT count(DISTINCT seq) FROM fixes WHERE bike_id = 'bike-1'"));
        assertTrue(server.metric("bikefleet_frames_rejected_total{reason=\"store_busy\"}") >= 1);
    }

    @Test
    void aConnectedBikeIsNotTurnedAwayLikeANewOneWhileTheStoreIsBehind() throws Exception {
        String token = server.provision("bike-1");
        String otherToken = server.provision("bike-2");
        try (StoreLock lock = lockStore(); RawBike bike = RawBike.open(server.port(), "bike-1", token)) {
            // The hello's status write is taken by the committer, which waits for the lock; the status after it
            // waits in the lane. One waiting write is not what defers: its age is, once the store is as far
            // behind as HandshakeAdmission.DEFER_FROM (a stuck commit, or more coming than it writes).
            bike.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-1"));
            bike.send(new Status("fix", 0, 0));
            awaitMetric("bikefleet_storage_queue_depth", depth -> depth >= 1);
            // A write that has just queued does not turn a new bike away (the upgrade succeeds).
            RawBike.connect(server.port(), "bike-2", otherToken).get(10, TimeUnit.SECONDS).close();
            awaitMetric("bikefleet_storage_live_lag_seconds",
                    lag -> lag >= HandshakeAdmission.DEFER_FROM.toMillis() / 1000.0);
            ExecutionException deferred = assertThrows(ExecutionException.class,
                    () -> RawBike.connect(server.port(), "bike-2", otherToken).get(10, TimeUnit.SECONDS));
            assertEquals(503, assertInstanceOf(WebSocketHandshakeException.class, deferred.getCause())
                    .getResponse().statusCode(), "a new bike is deferred meanwhile");
            // The deferral is for handshakes only: the connected bike's next frame is taken, not its connection
            // closed, and acknowledged once the store has caught up.
            bike.send(new Positions("bike-1", BikeIngestTest.positions(1, 1)));
            lock.release();
            assertEquals(new Ack(1), bike.next(Ack.class));
        }
    }

    /**
     * Write-locks the store's file from another connection, as a long operator query or a slow disk would:
     * the committer's next commit waits on it (busy_timeout), so the lanes fill behind it.
     */
    private StoreLock lockStore() throws SQLException {
        // Made before the file is locked: creating it is a write, and /metrics polls need it.
        server.apiToken();
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDatabase.FILE_NAME));
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return new StoreLock(connection);
    }

    private record StoreLock(Connection connection) implements AutoCloseable {

        void release() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("ROLLBACK");
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** What the first connection had queued commits once the lock is gone; a bike would wait its backoff. */
    private void awaitEmptyStoreQueue() throws Exception {
        awaitMetric("bikefleet_storage_queue_depth", depth -> depth == 0);
    }

    private void awaitMetric(String name, DoublePredicate wanted) throws Exception {
        Await.until(name + " at the value waited for", Duration.ofSeconds(15), () -> wanted.test(server.metric(name)));
    }
}
