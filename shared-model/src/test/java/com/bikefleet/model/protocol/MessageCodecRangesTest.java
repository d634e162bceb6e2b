package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values that decode as JSON but that the server could not store (a time past epoch milliseconds, a seq past
 * a long) are refused when the frame is decoded, with 1007, never clamped or rounded into something else.
 */
class MessageCodecRangesTest {

    private final MessageCodec codec = new MessageCodec();

    private static String fix(String seq, String time) {
        return "{\"type\":\"positions\",\"bikeId\":\"bike-1\",\"fixes\":[{\"seq\":" + seq + ",\"time\":\"" + time
                + "\",\"lat\":52.5,\"lon\":13.4}]}";
    }

    private static String reading(String seq, String time) {
        return "{\"type\":\"telemetry\",\"bikeId\":\"bike-1\",\"readings\":[{\"seq\":" + seq + ",\"time\":\"" + time
                + "\",\"name\":\"battery\",\"value\":\"87\"}]}";
    }

    static Stream<Arguments> outOfRange() {
        String ok = "2024-05-01T10:15:30Z";
        return Stream.of(
                Arguments.of("telemetry time in the year 1000000000", reading("1", "+1000000000-01-01T00:00:00Z"),
                        "'time' +1000000000-01-01T00:00:00Z is outside 1970-01-01T00:00:00Z .. 2100-01-01T00:00:00Z"),
                Arguments.of("fix time in the year 1000000000", fix("1", "+1000000000-01-01T00:00:00Z"),
                        "'time' +1000000000-01-01T00:00:00Z is outside"),
                Arguments.of("fix time in the year 10000", fix("1", "+10000-01-01T00:00:00Z"), "is outside"),
                Arguments.of("telemetry time at 2100", reading("1", "2100-01-01T00:00:00Z"), "is outside"),
                Arguments.of("telemetry time before 1970", reading("1", "1969-12-31T23:59:59Z"), "is outside"),
                Arguments.of("fix time far before 1970", fix("1", "-1000000000-01-01T00:00:00Z"), "is outside"),
                Arguments.of("fix seq 2^63", fix("9223372036854775808", ok),
                        "'seq' must be an integer from -9223372036854775808 to 9223372036854775807, "
                                + "was 9223372036854775808"),
                Arguments.of("telemetry seq 2^63", reading("9223372036854775808", ok), "was 9223372036854775808"),
                Arguments.of("ack seq 2^63", "{\"type\":\"ack\",\"seq\":9223372036854775808}", "was 9223372036854775808"),
                Arguments.of("fix seq 2^63 written as a fraction", fix("9223372036854775807.5", ok),
                        "was 9223372036854775807.5"),
                Arguments.of("fix seq with a fraction past a double's precision", fix("9007199254740993.5", ok),
                        "was 9007199254740993.5"),
                Arguments.of("fix seq with a fraction", fix("1.5", ok), "was 1.5"),
                Arguments.of("fix seq 1e400", fix("1e400", ok), "was 1e400"),
                Arguments.of("floor 2^64", "{\"type\":\"positions\",\"bikeId\":\"b\",\"floor\":18446744073709551616,"
                        + "\"fixes\":[]}", "'floor' must be an integer"),
                Arguments.of("sats just past an int", "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":[{\"seq\":1,"
                        + "\"time\":\"" + ok + "\",\"lat\":1,\"lon\":2,\"sats\":2147483647.5}]}", "was 2147483647.5"),
                Arguments.of("an integer of fifty digits", fix("1" + "0".repeat(49), ok), "must be an integer"),
                Arguments.of("U+0000 in a telemetry value",
                        "{\"type\":\"telemetry\",\"bikeId\":\"bike-1\",\"readings\":[{\"seq\":1,\"name\":\"battery\","
                                + "\"value\":\"8\\u00007\"}]}", "'value' must not contain the character U+0000"),
                Arguments.of("U+0000 in an outbox id", "{\"type\":\"hello\",\"bikeId\":\"b\",\"agentVersion\":\"1\","
                        + "\"protocol\":1,\"outboxId\":\"o\\u0000\"}", "'outboxId' must not contain"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("outOfRange")
    void aValueTheStoreCouldNotHoldIsMalformed(String caseName, String frame, String expectedInMessage) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(frame), caseName);
        assertEquals(ProtocolCodes.MALFORMED_FRAME, e.code(), caseName);
        assertTrue(e.getMessage().contains(expectedInMessage), caseName + ": " + e.getMessage());
    }

    @Test
    void theEdgesOfEachRangeDecodeExactly() throws ProtocolException {
        Positions last = (Positions) codec.decode(fix("9223372036854775807", "2099-12-31T23:59:59.999999999Z"));
        assertEquals(Long.MAX_VALUE, last.positions().get(0).seq());
        assertEquals(Instant.parse("2099-12-31T23:59:59.999999999Z"), last.positions().get(0).fix().time());

        Telemetry first = (Telemetry) codec.decode(reading("1", "1970-01-01T00:00:00Z"));
        assertEquals(Instant.EPOCH, first.readings().get(0).time());

        // Past a double's precision but an exact integer: its own value, not the nearest double.
        Positions exact = (Positions) codec.decode(fix("9007199254740993.0", "2024-05-01T10:15:30Z"));
        assertEquals(9_007_199_254_740_993L, exact.positions().get(0).seq());
        assertEquals(new Ack(12), codec.decode("{\"type\":\"ack\",\"seq\":1.2e1}"));
        assertEquals(new Ack(Long.MAX_VALUE), codec.decode("{\"type\":\"ack\",\"seq\":9.223372036854775807e18}"));
    }
}
