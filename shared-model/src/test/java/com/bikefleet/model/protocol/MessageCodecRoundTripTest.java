package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecRoundTripTest {

    private final MessageCodec codec = new MessageCodec();

    private static final Fix FULL_FIX = new Fix(Instant.parse("2024-05-01T10:15:30Z"), 52.520008, 13.404954,
            5.4, 271.3, 34.2, 0.9, 11, FixType.THREE_D);

    private static final Fix BARE_FIX = Fix.of(Instant.parse("2024-05-01T10:15:40Z"), 52.5201, 13.4051);

    private Message roundTrip(Message message) throws ProtocolException {
        Message decoded = codec.decode(codec.encode(message));
        assertEquals(message, decoded);
        return decoded;
    }

    @Test
    void helloRoundTrips() throws ProtocolException {
        roundTrip(new Hello("bike-0042", "1.3.0", 1, "7f3c2a9e-55d1-4d0b-9a51-2b6f0c1e8d44"));
    }

    @Test
    void helloIsEncodedWithTheDocumentedFieldNamesInOrder() {
        String json = codec.encode(new Hello("bike-0042", "1.3.0", 1, "ob-1", 120, 3));
        assertEquals("{\"type\":\"hello\",\"bikeId\":\"bike-0042\",\"agentVersion\":\"1.3.0\",\"protocol\":1,"
                + "\"outboxId\":\"ob-1\",\"floor\":120,\"dropped\":3}", json);
    }

    @Test
    void helloReportingASkipAndAResetRoundTrips() throws ProtocolException {
        Hello hello = new Hello("bike-0042", "1.3.0", 1, "ob-2", 0, 0, 12, "ob-1", "corrupt");
        roundTrip(hello);
        assertTrue(codec.encode(hello).endsWith("\"skipped\":12,\"previousOutboxId\":\"ob-1\",\"reset\":\"corrupt\"}"));
    }

    @Test
    void outboxStateRoundTripsWithTheDocumentedFieldNames() throws ProtocolException {
        OutboxState state = new OutboxState("ob-1", 22, 5);
        roundTrip(state);
        assertEquals("{\"type\":\"outboxState\",\"outboxId\":\"ob-1\",\"highestSeq\":22,"
                + "\"highestTelemetrySeq\":5}", codec.encode(state));
    }

    @Test
    void statusWithSkippedRoundTrips() throws ProtocolException {
        roundTrip(new Status("fix", 3, 0, 12));
    }

    @Test
    void positionsWithEveryOptionalFieldRoundTrip() throws ProtocolException {
        roundTrip(new Positions("bike-0042", List.of(new Position(17, FULL_FIX))));
    }

    @Test
    void positionsWithNoOptionalFieldRoundTrip() throws ProtocolException {
        roundTrip(new Positions("bike-0042", List.of(new Position(18, BARE_FIX))));
    }

    @Test
    void aFixWithEveryOptionalFieldIsEncodedWithEveryWireName() {
        String json = codec.encode(new Positions("bike-0042", List.of(new Position(17, FULL_FIX))));
        assertEquals("{\"type\":\"positions\",\"bikeId\":\"bike-0042\",\"live\":false,\"floor\":0,"
                + "\"fixes\":[{\"seq\":17,"
                + "\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.520008,\"lon\":13.404954,\"speed\":5.4,"
                + "\"course\":271.3,\"alt\":34.2,\"hdop\":0.9,\"sats\":11,\"fix\":\"3d\"}]}", json);
    }

    @Test
    void aFixWithoutOptionalValuesOmitsThemInsteadOfWritingNulls() {
        String json = codec.encode(new Positions("bike-0042", List.of(new Position(18, BARE_FIX))));
        assertEquals("{\"type\":\"positions\",\"bikeId\":\"bike-0042\",\"live\":false,\"floor\":0,"
                + "\"fixes\":[{\"seq\":18,"
                + "\"time\":\"2024-05-01T10:15:40Z\",\"lat\":52.5201,\"lon\":13.4051}]}", json);
        assertFalse(json.contains("null"), json);
    }

    @Test
    void aBatchOfSeveralFixesKeepsTheirOrder() throws ProtocolException {
        Positions batch = new Positions("bike-0042", List.of(
                new Position(1, BARE_FIX),
                new Position(2, FULL_FIX),
                new Position(3, new Fix(Instant.parse("2024-05-01T10:15:50Z"), 52.5202, 13.4052,
                        0.0, 0.0, -3.5, 12.0, 4, FixType.TWO_D))));
        Positions decoded = (Positions) roundTrip(batch);
        assertEquals(List.of(1L, 2L, 3L), decoded.positions().stream().map(Position::seq).toList());
    }

    @Test
    void anEmptyBatchRoundTrips() throws ProtocolException {
        roundTrip(new Positions("bike-0042", List.of()));
    }

    @Test
    void fractionalSecondTimesKeepEveryDigit() throws ProtocolException {
        for (String time : List.of("2024-05-01T10:15:30.5Z", "2024-05-01T10:15:30.250Z",
                "2024-05-01T10:15:30.123456Z", "2024-05-01T10:15:30.123456789Z")) {
            Fix fix = Fix.of(Instant.parse(time), 48.1, 11.5);
            Positions decoded = (Positions) roundTrip(new Positions("b", List.of(new Position(1, fix))));
            assertEquals(Instant.parse(time), decoded.positions().get(0).fix().time(), time);
        }
    }

    @Test
    void negativeLatitudeAndLongitudeRoundTrip() throws ProtocolException {
        // Buenos Aires: south and west.
        Fix fix = new Fix(Instant.parse("2024-05-01T10:15:30Z"), -34.603722, -58.381592,
                3.2, 180.0, 25.0, 1.1, 9, FixType.TWO_D);
        Positions decoded = (Positions) roundTrip(new Positions("bike-7", List.of(new Position(5, fix))));
        assertEquals(-34.603722, decoded.positions().get(0).fix().latitude());
        assertEquals(-58.381592, decoded.positions().get(0).fix().longitude());
    }

    @Test
    void extremeCoordinatesRoundTripExactly() throws ProtocolException {
        Fix fix = Fix.of(Instant.parse("2024-05-01T10:15:30Z"), -90.0, 180.0);
        roundTrip(new Positions("b", List.of(new Position(Long.MAX_VALUE, fix))));
        Fix tiny = Fix.of(Instant.parse("2024-05-01T10:15:30Z"), 1.0E-7, -0.000123456789012345);
        roundTrip(new Positions("b", List.of(new Position(1, tiny))));
    }

    @Test
    void ackRoundTrips() throws ProtocolException {
        roundTrip(new Ack(1));
        roundTrip(new Ack(123_456_789_012L));
        assertEquals("{\"type\":\"ack\",\"seq\":400}", codec.encode(new Ack(400)));
    }

    @Test
    void commandWithArgsRoundTrips() throws ProtocolException {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("seconds", "30");
        args.put("reason", "battery low, \"eco\" mode");
        Command decoded = (Command) roundTrip(new Command("cmd-91", "setReportInterval", args));
        assertEquals("30", decoded.args().get("seconds"));
    }

    @Test
    void commandWithoutArgsRoundTripsWithAnEmptyArgsObject() throws ProtocolException {
        Command command = new Command("cmd-92", "ring", Map.of());
        assertEquals("{\"type\":\"command\",\"id\":\"cmd-92\",\"name\":\"ring\",\"args\":{}}", codec.encode(command));
        Command decoded = (Command) roundTrip(command);
        assertTrue(decoded.args().isEmpty());
    }

    @Test
    void commandResultRoundTripsWithAndWithoutMessage() throws ProtocolException {
        roundTrip(new CommandResult("cmd-91", "done", "interval now 30 s"));
        CommandResult bare = new CommandResult("cmd-92", "unsupported", null);
        assertEquals("{\"type\":\"commandResult\",\"id\":\"cmd-92\",\"status\":\"unsupported\"}", codec.encode(bare));
        CommandResult decoded = (CommandResult) roundTrip(bare);
        assertNull(decoded.message());
    }

    @Test
    void errorRoundTrips() throws ProtocolException {
        roundTrip(new ErrorMessage(ProtocolCodes.INVALID_POSITION, "1 fix(es) rejected, first: fix seq 3: lat 91.0 is outside -90..90"));
        roundTrip(new ErrorMessage(ProtocolCodes.UNKNOWN_MESSAGE_TYPE, "unknown message type 'status'"));
        roundTrip(new ErrorMessage(ProtocolCodes.STORE_BUSY, "the server's store is busy", 7L, 9L));
        assertEquals("{\"type\":\"error\",\"code\":4103,\"message\":\"busy\",\"firstSeq\":7,\"lastSeq\":9}",
                codec.encode(new ErrorMessage(ProtocolCodes.STORE_BUSY, "busy", 7L, 9L)));
        // A range needs both ends; one alone is ignored, as are unknown fields.
        assertEquals(new ErrorMessage(ProtocolCodes.STORE_BUSY, "busy"),
                codec.decode("{\"type\":\"error\",\"code\":4103,\"message\":\"busy\",\"firstSeq\":7}"));
    }

    @Test
    void nonAsciiTextRoundTrips() throws ProtocolException {
        roundTrip(new Hello("vélo-ß-😀", "1.0.0", 1, "outbox\u2028line"));
    }

    @Test
    void aLiveBatchWithAFloorRoundTrips() throws Exception {
        Positions live = new Positions("bike-0042", List.of(new Position(900, FULL_FIX)), true, 250);
        assertEquals(live, codec.decode(codec.encode(live)));
    }

    @Test
    void statusRoundTrips() throws Exception {
        Status status = new Status("no_fix", 86_400, 12);
        assertEquals("{\"type\":\"status\",\"gps\":\"no_fix\",\"outboxDepth\":86400,\"dropped\":12}",
                codec.encode(status));
        assertEquals(status, codec.decode(codec.encode(status)));
    }

    @Test
    void telemetryRoundTripsWithAndWithoutATime() throws Exception {
        Telemetry telemetry = new Telemetry("bike-0042", List.of(
                new Telemetry.Reading(1, Instant.parse("2024-05-01T10:15:30Z"), "battery", "87"),
                new Telemetry.Reading(2, null, "lock", "locked")), 0);
        assertEquals(telemetry, codec.decode(codec.encode(telemetry)));
        assertEquals(new TelemetryAck(2), codec.decode(codec.encode(new TelemetryAck(2))));
    }

    @Test
    void aHelloWithoutFloorOrDroppedMeansZero() throws Exception {
        assertEquals(new Hello("b", "1", 1, "o"),
                codec.decode("{\"type\":\"hello\",\"bikeId\":\"b\",\"agentVersion\":\"1\",\"protocol\":1,"
                        + "\"outboxId\":\"o\"}"));
    }
}
