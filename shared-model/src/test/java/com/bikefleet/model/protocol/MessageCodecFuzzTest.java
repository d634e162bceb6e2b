package com.bikefleet.model.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Position;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated hostile frames through the decoder: whatever a client sends, the codec answers with a message
 * or with one of the documented errors (1007 malformed, 4100 unknown type), never with another exception,
 * and a message it returns holds only values a write can take (docs/protocol.md section 3).
 */
class MessageCodecFuzzTest {

    private static final Set<Integer> DOCUMENTED = Set.of(ProtocolCodes.MALFORMED_FRAME,
            ProtocolCodes.UNKNOWN_MESSAGE_TYPE);

    private final MessageCodec codec = new MessageCodec();

    @Property(tries = 3000)
    void anyTextDecodesOrFailsAsDocumented(@ForAll String frame) {
        decodeOnlyAsDocumented(frame);
    }

    @Property(tries = 3000)
    void aValidFrameWithAnyFieldReplacedDecodesOrFailsAsDocumented(@ForAll("mutatedFrames") String frame) {
        decodeOnlyAsDocumented(frame);
    }

    @Property(tries = 1000)
    void aValidFrameCutOrSplicedAnywhereDecodesOrFailsAsDocumented(@ForAll("splicedFrames") String frame) {
        decodeOnlyAsDocumented(frame);
    }

    private void decodeOnlyAsDocumented(String frame) {
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            assertTrue(DOCUMENTED.contains(e.code()), "undocumented code " + e.code() + " for " + frame);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("decode threw " + e + " for " + frame, e);
        }
        if (message instanceof Positions positions) {
            for (Position position : positions.positions()) {
                assertTrue(position.seq() >= 1, "seq " + position.seq() + " from " + frame);
                position.fix().time().toEpochMilli(); // a time a store can write
            }
        }
        if (message instanceof Telemetry telemetry) {
            for (Telemetry.Reading reading : telemetry.readings()) {
                assertTrue(reading.seq() >= 1, "seq " + reading.seq() + " from " + frame);
                if (reading.time() != null) {
                    reading.time().toEpochMilli();
                }
            }
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "{\"type\":\"hello\",\"bikeId\":%s,\"agentVersion\":%s,\"protocol\":%s,\"outboxId\":%s,\"floor\":%s,\"dropped\":%s}",
            "{\"type\":\"positions\",\"bikeId\":%s,\"live\":%s,\"floor\":%s,\"fixes\":[{\"seq\":%s,\"time\":%s,\"lat\":%s,\"lon\":%s}]}",
            "{\"type\":\"positions\",\"bikeId\":\"b\",\"fixes\":[{\"seq\":%s,\"time\":%s,\"lat\":%s,\"lon\":%s,\"speed\":%s,\"course\":%s}]}",
            "{\"type\":\"telemetry\",\"bikeId\":%s,\"floor\":%s,\"readings\":[{\"seq\":%s,\"time\":%s,\"name\":%s,\"value\":%s}]}",
            "{\"type\":\"status\",\"gps\":%s,\"outboxDepth\":%s,\"dropped\":%s}",
            "{\"type\":\"commandResult\",\"id\":%s,\"status\":%s,\"message\":%s}",
            "{\"type\":%s}");

    @Provide
    Arbitrary<String> mutatedFrames() {
        Arbitrary<String> value = jsonValues();
        return Arbitraries.of(TEMPLATES).flatMap(template -> {
            int holes = template.split("%s", -1).length - 1;
            return value.list().ofSize(holes).map(values -> String.format(template, values.toArray()));
        });
    }

    @Provide
    Arbitrary<String> splicedFrames() {
        String good = "{\"type\":\"positions\",\"bikeId\":\"b\",\"live\":true,\"floor\":0,\"fixes\":[{\"seq\":1,"
                + "\"time\":\"2024-05-01T10:15:30Z\",\"lat\":52.5,\"lon\":13.4,\"speed\":1.5}]}";
        return Combinators.combine(Arbitraries.integers().between(0, good.length()),
                Arbitraries.integers().between(0, good.length()), jsonValues())
                .as((from, to, insert) -> good.substring(0, Math.min(from, to)) + insert
                        + good.substring(Math.max(from, to)));
    }

    /** JSON values of every kind, weighted toward the edges: huge and tiny numbers, odd times, deep nesting. */
    private static Arbitrary<String> jsonValues() {
        Arbitrary<String> numbers = Arbitraries.of("0", "-1", "1", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "1e400", "-1e400", "1e-400", "1.5", "NaN", "Infinity", "-0", "0.0000001",
                "123456789012345678901234567890", "1E19", "91", "-181", "360", "1e2", "01", "0x10", "2147483648");
        Arbitrary<String> times = Arbitraries.of("\"2024-05-01T10:15:30Z\"", "\"+1000000000-01-01T00:00:00Z\"",
                "\"-1000000000-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59Z\"",
                "\"2024-02-30T00:00:00Z\"", "\"2024-05-01T10:15:30+14:00\"", "\"yesterday\"", "\"\"",
                "\"9999-12-31T23:59:59.999999999Z\"", "\"+292278994-08-17T07:12:55.807Z\"");
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(40).map(MessageCodecFuzzTest::quote);
        Arbitrary<String> structures = Arbitraries.of("null", "true", "false", "[]", "{}", "[1,[2,[3]]]",
                "{\"a\":{\"b\":{}}}", "[" + "[".repeat(300) + "]".repeat(300) + "]", "\"positions\"", "\"hello\"");
        return Arbitraries.oneOf(numbers, times, strings, structures);
    }

    private static String quote(String raw) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
