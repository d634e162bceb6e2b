package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.RawBike;
import com.bikefleet.server.TestServer;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bike endpoint through a real server on a loopback port and a raw WebSocket client. */
class BikeIngestTest {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    @TempDir
    Path data;
    private TestServer server;
    private String token;
    private final List<RawBike> bikes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(TestServer.settings(data).withMaxFrameBytes(16 * 1024));
        token = server.provision("bike-1");
    }

    @AfterEach
    void stop() {
        bikes.forEach(RawBike::close);
        server.close();
    }

    private RawBike connect(String bikeId, String bikeToken) throws Exception {
        RawBike bike = RawBike.open(server.port(), bikeId, bikeToken);
        bikes.add(bike);
        return bike;
    }

    private RawBike helloed(String bikeId, String bikeToken) throws Exception {
        RawBike bike = connect(bikeId, bikeToken);
        bike.send(new Hello(bikeId, "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-" + bikeId));
        return bike;
    }

    static Position position(long seq) {
        Fix fix = new Fix(T0.plusSeconds(seq), 52.52 + seq * 1e-5, 13.40 + seq * 1e-5, 5.0, 90.0, 34.0, 0.9, 8,
                FixType.THREE_D);
        return new Position(seq, fix);
    }

    static List<Position> positions(long from, long to) {
        List<Position> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            out.add(position(seq));
        }
        return out;
    }

    private int handshakeStatus(String bikeId, String bikeToken) throws Exception {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> RawBike.connect(server.port(), bikeId, bikeToken).get(10, TimeUnit.SECONDS));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        return refused.getResponse().statusCode();
    }

    @Test
    void aWrongTokenIsRefusedWith401AtTheUpgrade() throws Exception {
        assertEquals(401, handshakeStatus("bike-1", "not-the-token"));
    }

    @Test
    void aMissingTokenOrUnknownBikeIsRefusedWith401() throws Exception {
        assertEquals(401, handshakeStatus("bike-1", null));
        assertEquals(401, handshakeStatus("bike-404", token));
    }

    @Test
    void aBatchIsAcknowledgedAfterItIsStored() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.send(new Positions("bike-1", positions(1, 3)));

        assertEquals(new Ack(3), bike.next());
        assertEquals(3, server.count("SELECT count(*) FROM fixes WHERE bike_id = 'bike-1'"));
    }

    @Test
    void aRepeatedFixIsStoredOnceAndStillAcknowledged() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.send(new Positions("bike-1", positions(1, 3)));
        assertEquals(new Ack(3), bike.next());
        bike.send(new Positions("bike-1", positions(2, 5)));
        assertEquals(new Ack(5), bike.next());

        assertEquals(5, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aNewOutboxIdStartsANewSequenceThatIsNotTakenForDuplicates() throws Exception {
        RawBike first = helloed("bike-1", token);
        first.send(new Positions("bike-1", positions(1, 3)));
        assertEquals(new Ack(3), first.next());
        first.close();

        RawBike wiped = connect("bike-1", token);
        wiped.send(new Hello("bike-1", "test", 1, "a-fresh-outbox"));
        wiped.send(new Positions("bike-1", positions(1, 3)));
        assertEquals(new Ack(3), wiped.next());

        assertEquals(6, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void malformedJsonIsClosedWith1007() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.sendRaw("{\"type\":\"positions\",");

        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.MALFORMED_FRAME, error.code());
        assertEquals(ProtocolCodes.MALFORMED_FRAME, bike.closed().code());
    }

    @Test
    void aFieldOfTheWrongTypeIsClosedWith1007NamingTheField() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.sendRaw("{\"type\":\"positions\",\"bikeId\":\"bike-1\",\"fixes\":[{\"seq\":\"one\"}]}");

        ErrorMessage error = bike.next(ErrorMessage.class);
        assertTrue(error.message().contains("'seq'"), error.message());
        assertEquals(ProtocolCodes.MALFORMED_FRAME, bike.closed().code());
    }

    @Test
    void anUnknownMessageTypeGetsAnErrorAndTheConnectionStays() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.sendRaw("{\"type\":\"teleport\",\"to\":\"mars\"}");

        assertEquals(ProtocolCodes.UNKNOWN_MESSAGE_TYPE, bike.next(ErrorMessage.class).code());
        bike.send(new Positions("bike-1", positions(1, 1)));
        assertEquals(new Ack(1), bike.next());
    }

    @Test
    void aBatchForAnotherBikeIsClosedWith1008AndNothingIsStored() throws Exception {
        server.provision("bike-2");
        RawBike bike = helloed("bike-1", token);
        bike.send(new Positions("bike-2", positions(1, 3)));

        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.next(ErrorMessage.class).code());
        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aHelloForAnotherBikeIsClosedWith1008() throws Exception {
        RawBike bike = connect("bike-1", token);
        bike.send(new Hello("bike-2", "test", 1, "outbox"));

        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
    }

    @Test
    void positionsBeforeHelloAreClosedWith1008() throws Exception {
        RawBike bike = connect("bike-1", token);
        bike.send(new Positions("bike-1", positions(1, 1)));

        assertEquals(ProtocolCodes.POLICY_VIOLATION, bike.closed().code());
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void anUnknownProtocolVersionIsRefusedWithAClearReason() throws Exception {
        RawBike bike = connect("bike-1", token);
        bike.send(new Hello("bike-1", "test", 2, "outbox"));

        RawBike.Closed closed = bike.closed();
        assertEquals(ProtocolCodes.UNSUPPORTED_PROTOCOL, closed.code());
        assertTrue(closed.reason().contains("protocol version 2"), closed.reason());
    }

    @Test
    void aFrameOverTheLimitIsClosedWith1009() throws Exception {
        RawBike bike = helloed("bike-1", token);
        bike.send(new Positions("bike-1", positions(1, 400)));

        assertEquals(ProtocolCodes.FRAME_TOO_BIG, bike.closed().code());
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aMessageFarOverTheLimitIsAlsoClosedWith1009() throws Exception {
        RawBike bike = helloed("bike-1", token);
        // Past Tyrus' read buffer (limit + 64 KiB); the server may close before all of it is written, so the
        // send's outcome is not checked, only the close the client receives.
        bike.sendFirstFragment("{\"type\":\"positions\",\"pad\":\"" + "x".repeat(100 * 1024));

        assertEquals(ProtocolCodes.FRAME_TOO_BIG, bike.closed().code());
    }

    @Test
    void anInvalidFixIsRejectedByNameNotStoredButAcknowledged() throws Exception {
        RawBike bike = helloed("bike-1", token);
        Position bad = new Position(2, Fix.of(T0, 91.5, 13.4));
        bike.send(new Positions("bike-1", List.of(position(1), bad, position(3))));

        ErrorMessage error = bike.next(ErrorMessage.class);
        assertEquals(ProtocolCodes.INVALID_POSITION, error.code());
        assertTrue(error.message().contains("lat 91.5"), error.message());
        assertEquals(new Ack(3), bike.next());
        assertEquals(2, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void aFixFromTheFutureIsRejected() throws Exception {
        RawBike bike = helloed("bike-1", token);
        Position future = new Position(1, Fix.of(Instant.now().plus(1, ChronoUnit.DAYS), 52.5, 13.4));
        bike.send(new Positions("bike-1", List.of(future)));

        assertTrue(bike.next(ErrorMessage.class).message().contains("in the future"));
        assertEquals(new Ack(1), bike.next());
        assertEquals(0, server.count("SELECT count(*) FROM fixes"));
    }

    @Test
    void badInputFromOneBikeDoesNotDisturbAnother() throws Exception {
        String goodToken = server.provision("bike-good");
        RawBike good = helloed("bike-good", goodToken);
        RawBike bad = helloed("bike-1", token);

        bad.sendRaw("not json at all");
        good.send(new Positions("bike-good", positions(1, 2)));

        assertEquals(ProtocolCodes.MALFORMED_FRAME, bad.closed().code());
        assertEquals(new Ack(2), good.next());
        good.send(new Positions("bike-good", positions(3, 4)));
        assertEquals(new Ack(4), good.next());
    }

    @Test
    void aSecondConnectionOfTheSameBikeReplacesTheFirst() throws Exception {
        RawBike first = helloed("bike-1", token);
        // The server must have taken the first connection's hello before the second arrives: on a loaded
        // machine the two could otherwise reach the server in either order, and "newer" means arrived later.
        Await.until("the first connection's hello taken", () -> server.server().ingest().connected().isOnline("bike-1"));
        RawBike second = helloed("bike-1", token);

        assertEquals(ProtocolCodes.REPLACED, first.closed().code());
        second.send(new Positions("bike-1", positions(1, 1)));
        assertEquals(new Ack(1), second.next());
        assertTrue(server.server().ingest().connected().isOnline("bike-1"));
    }

    @Test
    void anAdmissionNumberSentByTheClientDoesNotMakeItsConnectionTheNewer() throws Exception {
        // The server numbers the upgrades it admits and keeps the later admitted connection of a bike; a
        // client that names a number itself, in the query where the server passes its own, must not outrank
        // a connection admitted after it.
        URI claimingLast = URI.create("ws://127.0.0.1:" + server.port() + "/ws/bikes/bike-1?admission="
                + Long.MAX_VALUE);
        RawBike first = RawBike.connect(claimingLast, token).get(10, TimeUnit.SECONDS);
        bikes.add(first);
        first.send(new Hello("bike-1", "test", ProtocolCodes.PROTOCOL_VERSION, "outbox-bike-1"));
        Await.until("the first connection's hello taken", () -> server.server().ingest().connected().isOnline("bike-1"));
        RawBike second = helloed("bike-1", token);

        assertEquals(ProtocolCodes.REPLACED, first.closed().code());
        second.send(new Positions("bike-1", positions(1, 1)));
        assertEquals(new Ack(1), second.next());
    }
}
