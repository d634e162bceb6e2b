package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecMalformedTest {

    private static final String GOOD_FIX = "{\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.52,\"lon\":13.40}";

    private final MessageCodec codec = new MessageCodec();

    /** A positions frame of bike-1 whose only fix has the given fields. */
    private static String batchWithFix(String fixFields) {
        return "{\"type\":\"positions\",\"bikeId\":\"bike-1\",\"fixes\":[{" + fixFields + "}]}";
    }

    /** Every field of a complete message of each type, in the order the encoder writes them. */
    private static final Map<String, Map<String, String>> COMPLETE = Map.of(
            "hello", fields("bikeId", "\"bike-1\"", "agentVersion", "\"1.0.0\"", "protocol", "1", "outboxId", "\"ob-1\""),
            "positions", fields("bikeId", "\"bike-1\"", "fixes", "[" + GOOD_FIX + "]"),
            "ack", fields("seq", "12"),
            "command", fields("id", "\"cmd-1\"", "name", "\"ring\""),
            "commandResult", fields("id", "\"cmd-1\"", "status", "\"done\""),
            "error", fields("code", "4101", "message", "\"bad fix\""));

    private static Map<String, String> fields(String... nameValuePairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            out.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return out;
    }

    private static String frame(String type, Map<String, String> fields) {
        return Stream.concat(Stream.of("\"type\":\"" + type + "\""),
                        fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    static Stream<Arguments> missingRequiredFields() {
        List<Arguments> cases = new ArrayList<>();
        COMPLETE.forEach((type, all) -> all.keySet().forEach(missing -> {
            Map<String, String> rest = new LinkedHashMap<>(all);
            rest.remove(missing);
            cases.add(Arguments.of(type + " without " + missing, frame(type, rest),
                    "'" + type + "' message is missing field '" + missing + "'"));
            // An explicit null counts as missing.
            Map<String, String> nulled = new LinkedHashMap<>(all);
            nulled.put(missing, "null");
            cases.add(Arguments.of(type + " with null " + missing, frame(type, nulled),
                    "'" + type + "' message is missing field '" + missing + "'"));
        }));
        return cases.stream();
    }

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                // Not one JSON object.
                Arguments.of("not JSON", "this is not json", "not a valid JSON message"),
                Arguments.of("empty frame", "", "not a valid JSON message"),
                Arguments.of("truncated object", "{\"type\":\"ack\",\"seq\":", "not a valid JSON message"),
                Arguments.of("single-quoted names", "{'type':'ack','seq':1}", "not a valid JSON message"),
                Arguments.of("JSON array", "[{\"type\":\"ack\",\"seq\":1}]", "a message must be a JSON object"),
                Arguments.of("JSON string", "\"ack\"", "a message must be a JSON object"),
                Arguments.of("JSON number", "42", "a message must be a JSON object"),
                Arguments.of("trailing garbage", "{\"type\":\"ack\",\"seq\":1} x",
                        "unexpected data after the message object"),
                Arguments.of("two objects in one frame", "{\"type\":\"ack\",\"seq\":1}{\"type\":\"ack\",\"seq\":2}",
                        "unexpected data after the message object"),

                // No type.
                Arguments.of("missing type", "{\"seq\":1}", "missing field 'type'"),
                Arguments.of("null type", "{\"type\":null,\"seq\":1}", "missing field 'type'"),
                Arguments.of("empty object", "{}", "missing field 'type'"),

                // Wrong field types.
                Arguments.of("string for the ack seq", "{\"type\":\"ack\",\"seq\":\"12\"}",
                        "'seq' must be an integer, was string"),
                Arguments.of("string for the protocol version",
                        "{\"type\":\"hello\",\"bikeId\":\"b\",\"agentVersion\":\"1\",\"protocol\":\"1\",\"outboxId\":\"o\"}",
                        "'protocol' must be an integer, was string"),
                Arguments.of("string for the error code", "{\"type\":\"error\",\"code\":\"4101\",\"message\":\"m\"}",
                        "'code' must be an integer, was string"),
                Arguments.of("number for bikeId", "{\"type\":\"positions\",\"bikeId\":42,\"fixes\":[]}",
                        "'bikeId' must be a string, was number"),
                Arguments.of("number for type", "{\"type\":7,\"seq\":1}", "'type' must be a string, was number"),
                Arguments.of("boolean for the command id", "{\"type\":\"command\",\"id\":true,\"name\":\"ring\"}",
                        "'id' must be a string, was boolean"),
                Arguments.of("object for the fixes array", "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":{}}",
                        "'fixes' must be an array, was begin_object"),
                Arguments.of("string for the fixes array", "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":\"[]\"}",
                        "'fixes' must be an array, was string"),
                Arguments.of("number as a fix", "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":[" + GOOD_FIX + ",5]}",
                        "'fixes[1]' must be an object, was number"),
                Arguments.of("array for the command args", "{\"type\":\"command\",\"id\":\"c\",\"name\":\"n\",\"args\":[]}",
                        "'args' must be an object, was begin_array"),
                Arguments.of("number as a command arg", "{\"type\":\"command\",\"id\":\"c\",\"name\":\"n\",\"args\":{\"seconds\":30}}",
                        "'args.seconds' must be a string, was number"),
                Arguments.of("string for lat", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":\"52.5\",\"lon\":13.4"),
                        "'lat' must be a number, was string"),
                Arguments.of("string for a fix seq", batchWithFix("\"seq\":\"1\",\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4"),
                        "'seq' must be an integer, was string"),
                Arguments.of("number for time", batchWithFix("\"seq\":1,\"time\":1714558530,\"lat\":52.5,\"lon\":13.4"),
                        "'time' must be a string, was number"),
                Arguments.of("string for speed", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"speed\":\"fast\""),
                        "'speed' must be a number, was string"),
                Arguments.of("number for the fix type", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"fix\":3"),
                        "'fix' must be a string, was number"),
                Arguments.of("fraction for sats", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"sats\":7.5"),
                        "7.5"),

                // Fixes without a mandatory value, or with a bad one.
                Arguments.of("fix without seq", batchWithFix("\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4"),
                        "fixes[0] needs seq, time, lat and lon"),
                Arguments.of("fix without time", batchWithFix("\"seq\":1,\"lat\":52.5,\"lon\":13.4"),
                        "fixes[0] needs seq, time, lat and lon"),
                Arguments.of("fix without lat", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lon\":13.4"),
                        "fixes[0] needs seq, time, lat and lon"),
                Arguments.of("fix without lon", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5"),
                        "fixes[0] needs seq, time, lat and lon"),
                Arguments.of("fix with null lat", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":null,\"lon\":13.4"),
                        "fixes[0] needs seq, time, lat and lon"),
                Arguments.of("second fix without time",
                        "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":[" + GOOD_FIX + ",{\"seq\":2,\"lat\":1,\"lon\":2}]}",
                        "fixes[1] needs seq, time, lat and lon"),
                Arguments.of("seq 0", batchWithFix("\"seq\":0,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4"),
                        "fixes[0].seq must be >= 1, was 0"),
                Arguments.of("negative seq", batchWithFix("\"seq\":-5,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4"),
                        "fixes[0].seq must be >= 1, was -5"),
                Arguments.of("time with a space", batchWithFix("\"seq\":1,\"time\":\"2024-05-01 10:15:30\",\"lat\":52.5,\"lon\":13.4"),
                        "'time' is not an ISO-8601 UTC time: '2024-05-01 10:15:30'"),
                Arguments.of("time without a zone", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30\",\"lat\":52.5,\"lon\":13.4"),
                        "'time' is not an ISO-8601 UTC time: '2024-05-01T10:15:30'"),
                Arguments.of("date only", batchWithFix("\"seq\":1,\"time\":\"2024-05-01\",\"lat\":52.5,\"lon\":13.4"),
                        "'time' is not an ISO-8601 UTC time: '2024-05-01'"),
                Arguments.of("time as text", batchWithFix("\"seq\":1,\"time\":\"yesterday\",\"lat\":52.5,\"lon\":13.4"),
                        "'time' is not an ISO-8601 UTC time: 'yesterday'"),

                // Numbers JSON does not have, or that do not fit.
                Arguments.of("NaN literal", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":NaN,\"lon\":13.4"),
                        "not a valid JSON message"),
                Arguments.of("Infinity literal", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":Infinity"),
                        "not a valid JSON message"),
                Arguments.of("-Infinity literal", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"alt\":-Infinity"),
                        "not a valid JSON message"),
                Arguments.of("number overflowing a double", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":1e400,\"lon\":13.4"),
                        "NaN and infinities"),
                Arguments.of("huge sats", batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"sats\":4294967296"),
                        "4294967296"),
                Arguments.of("huge protocol version",
                        "{\"type\":\"hello\",\"bikeId\":\"b\",\"agentVersion\":\"1\",\"protocol\":99999999999,\"outboxId\":\"o\"}",
                        "99999999999"),
                Arguments.of("huge error code", "{\"type\":\"error\",\"code\":2147483648,\"message\":\"m\"}", "2147483648"),
                Arguments.of("huge ack seq", "{\"type\":\"ack\",\"seq\":1e30}", "1e30"),
                Arguments.of("huge fix seq", batchWithFix("\"seq\":123456789012345678901234567890,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4"),
                        "123456789012345678901234567890"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource({"malformedFrames", "missingRequiredFields"})
    void malformedFrameIsRejectedWith1007NamingTheProblem(String caseName, String frame, String expectedInMessage) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(frame), caseName);
        assertEquals(ProtocolCodes.MALFORMED_FRAME, e.code(), () -> caseName + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage),
                () -> caseName + ": expected '" + expectedInMessage + "' in '" + e.getMessage() + "'");
    }

    @Test
    void aCompleteMessageOfEveryTypeInTheTableDecodes() throws ProtocolException {
        // Guards the missing-field table: each frame there differs from a valid one by one field only.
        for (Map.Entry<String, Map<String, String>> entry : COMPLETE.entrySet()) {
            Message decoded = codec.decode(frame(entry.getKey(), entry.getValue()));
            assertEquals(entry.getKey(), typeName(decoded));
        }
    }

    private static String typeName(Message message) {
        String simple = message.getClass().getSimpleName();
        return switch (simple) {
            case "ErrorMessage" -> "error";
            default -> Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        };
    }

    @ParameterizedTest(name = "[{index}] type {0}")
    @MethodSource("unknownTypes")
    void anUnknownTypeIsRejectedWith4100(String type) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decode("{\"type\":\"" + type + "\",\"seq\":1}"));
        assertEquals(ProtocolCodes.UNKNOWN_MESSAGE_TYPE, e.code(), e.getMessage());
        assertEquals("unknown message type '" + type + "'", e.getMessage());
    }

    static Stream<String> unknownTypes() {
        return Stream.of("teleport", "Hello", "ACK", "", "positions2");
    }

    @Test
    void unknownFieldsAtTheTopLevelAreIgnored() throws ProtocolException {
        Message decoded = codec.decode("{\"type\":\"ack\",\"battery\":87,\"extra\":{\"nested\":[1,2,{\"a\":null}]},"
                + "\"seq\":12,\"note\":\"from a newer agent\"}");
        assertEquals(new Ack(12), decoded);
    }

    @Test
    void unknownFieldsInsideAFixAreIgnored() throws ProtocolException {
        Message decoded = codec.decode(batchWithFix("\"seq\":3,\"pdop\":1.8,\"time\":\"2024-05-01T10:15:30Z\","
                + "\"lat\":52.5,\"vdop\":[1,2],\"lon\":13.4,\"receiver\":{\"model\":\"NEO-6M\"}"));
        Fix fix = Fix.of(Instant.parse("2024-05-01T10:15:30Z"), 52.5, 13.4);
        assertEquals(new Positions("bike-1", List.of(new Position(3, fix))), decoded);
    }

    @Test
    void anUnknownFixTypeDecodesAsNull() throws ProtocolException {
        Positions decoded = (Positions) codec.decode(batchWithFix(
                "\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"sats\":6,\"fix\":\"4d\""));
        Fix fix = decoded.positions().get(0).fix();
        assertNull(fix.fixType());
        assertEquals(6, fix.satellites());
    }

    @Test
    void knownFixTypesDecode() throws ProtocolException {
        Positions twoD = (Positions) codec.decode(batchWithFix(
                "\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"fix\":\"2d\""));
        Positions threeD = (Positions) codec.decode(batchWithFix(
                "\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"fix\":\"3d\""));
        assertEquals(FixType.TWO_D, twoD.positions().get(0).fix().fixType());
        assertEquals(FixType.THREE_D, threeD.positions().get(0).fix().fixType());
    }

    @Test
    void nullOptionalFixFieldsDecodeAsAbsent() throws ProtocolException {
        Positions decoded = (Positions) codec.decode(batchWithFix("\"seq\":1,\"time\":\"2024-05-01T10:15:30Z\","
                + "\"lat\":52.5,\"lon\":13.4,\"speed\":null,\"course\":null,\"alt\":null,\"hdop\":null,\"sats\":null,\"fix\":null"));
        assertEquals(Fix.of(Instant.parse("2024-05-01T10:15:30Z"), 52.5, 13.4), decoded.positions().get(0).fix());
    }

    @Test
    void fieldsDecodeInAnyOrderWithTypeLast() throws ProtocolException {
        assertEquals(new Hello("bike-1", "1.0.0", 1, "ob-1"), codec.decode(
                "{\"outboxId\":\"ob-1\",\"protocol\":1,\"agentVersion\":\"1.0.0\",\"bikeId\":\"bike-1\",\"type\":\"hello\"}"));
        assertEquals(new ErrorMessage(4101, "bad"), codec.decode("{\"message\":\"bad\",\"code\":4101,\"type\":\"error\"}"));
        assertEquals(new Command("c-1", "ring", Map.of("times", "2")),
                codec.decode("{\"args\":{\"times\":\"2\"},\"name\":\"ring\",\"id\":\"c-1\",\"type\":\"command\"}"));
        Fix fix = new Fix(Instant.parse("2024-05-01T10:15:30Z"), 52.5, 13.4, 4.0, 90.0, 35.0, 1.2, 8, FixType.THREE_D);
        assertEquals(new Positions("bike-1", List.of(new Position(9, fix))), codec.decode(
                "{\"fixes\":[{\"fix\":\"3d\",\"sats\":8,\"hdop\":1.2,\"alt\":35.0,\"course\":90.0,\"speed\":4.0,"
                        + "\"lon\":13.4,\"lat\":52.5,\"time\":\"2024-05-01T10:15:30Z\",\"seq\":9}],"
                        + "\"bikeId\":\"bike-1\",\"type\":\"positions\"}"));
    }

    @Test
    void whitespaceAroundAndInsideTheObjectIsAccepted() throws ProtocolException {
        assertInstanceOf(Ack.class, codec.decode("\n  { \"type\" : \"ack\" ,\n \"seq\" : 7 }  \n"));
    }

    @Test
    void integerValuedNumbersWithAnExponentOrFractionZeroAreAcceptedForIntegerFields() throws ProtocolException {
        // JSON has one number type; 1.0 and 1e1 are exact integers.
        assertEquals(new Ack(10), codec.decode("{\"type\":\"ack\",\"seq\":1e1}"));
        assertEquals(new Ack(3), codec.decode("{\"type\":\"ack\",\"seq\":3.0}"));
    }
}
