package com.bikefleet.model.protocol;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns protocol v1 messages into JSON text frames and back, with Gson's streaming reader and writer:
 * no reflection and no intermediate tree, because the server decodes every bike's every batch.
 *
 * <p>Decoding accepts fields in any order and ignores unknown ones (so a newer agent can add fields);
 * it refuses anything that is not one JSON object with fields of the documented types. Thread-safe: it
 * holds no state.
 */
public final class MessageCodec {

    /**
     * Every time in a message is at or after this: the server stores times as epoch milliseconds, and no
     * GPS receiver reports an earlier one. (A fix before 2000 is still well-formed here; {@code FixRules}
     * refuses it as invalid, so the bike drops it instead of sending it for ever.)
     */
    public static final Instant EARLIEST_TIME = Instant.EPOCH;

    /** Every time in a message is before this. A later one is a clock fault, or a client testing the server. */
    public static final Instant TIMES_END = FixRules.TIMES_END;

    /**
     * An integer written with more characters than this is refused unread: its exact value would take a
     * big-number parse that grows with the square of its length. (Gson's strict reader already refuses
     * number literals not much longer; this bound does not depend on that.)
     */
    static final int MAX_INTEGER_CHARS = 64;

    public String encode(Message message) {
        StringWriter out = new StringWriter(128);
        try (JsonWriter json = new JsonWriter(out)) {
            json.setStrictness(Strictness.STRICT);
            json.beginObject();
            if (message instanceof Hello hello) {
                json.name("type").value("hello");
                json.name("bikeId").value(hello.bikeId());
                json.name("agentVersion").value(hello.agentVersion());
                json.name("protocol").value(hello.protocol());
                json.name("outboxId").value(hello.outboxId());
                json.name("floor").value(hello.floor());
                json.name("dropped").value(hello.dropped());
                // Written only when there is something to say, so the usual hello stays as it was.
                if (hello.skipped() > 0) {
                    json.name("skipped").value(hello.skipped());
                }
                if (hello.previousOutboxId() != null) {
                    json.name("previousOutboxId").value(hello.previousOutboxId());
                }
                if (hello.reset() != null) {
                    json.name("reset").value(hello.reset());
                }
            } else if (message instanceof Positions positions) {
                json.name("type").value("positions");
                json.name("bikeId").value(positions.bikeId());
                json.name("live").value(positions.live());
                json.name("floor").value(positions.floor());
                json.name("fixes").beginArray();
                for (Position position : positions.positions()) {
                    writePosition(json, position);
                }
                json.endArray();
            } else if (message instanceof Status status) {
                json.name("type").value("status");
                json.name("gps").value(status.gps());
                json.name("outboxDepth").value(status.outboxDepth());
                json.name("dropped").value(status.dropped());
                if (status.skipped() > 0) {
                    json.name("skipped").value(status.skipped());
                }
            } else if (message instanceof Telemetry telemetry) {
                json.name("type").value("telemetry");
                json.name("bikeId").value(telemetry.bikeId());
                json.name("floor").value(telemetry.floor());
                json.name("readings").beginArray();
                for (Telemetry.Reading reading : telemetry.readings()) {
                    json.beginObject();
                    json.name("seq").value(reading.seq());
                    if (reading.time() != null) {
                        json.name("time").value(reading.time().toString());
                    }
                    json.name("name").value(reading.name());
                    json.name("value").value(reading.value());
                    json.endObject();
                }
                json.endArray();
            } else if (message instanceof Ack ack) {
                json.name("type").value("ack");
                json.name("seq").value(ack.seq());
            } else if (message instanceof TelemetryAck ack) {
                json.name("type").value("telemetryAck");
                json.name("seq").value(ack.seq());
            } else if (message instanceof Command command) {
                json.name("type").value("command");
                json.name("id").value(command.id());
                json.name("name").value(command.name());
                json.name("args").beginObject();
                for (Map.Entry<String, String> arg : command.args().entrySet()) {
                    json.name(arg.getKey()).value(arg.getValue());
                }
                json.endObject();
            } else if (message instanceof CommandResult result) {
                json.name("type").value("commandResult");
                json.name("id").value(result.id());
                json.name("status").value(result.status());
                if (result.message() != null) {
                    json.name("message").value(result.message());
                }
            } else if (message instanceof OutboxState state) {
                json.name("type").value("outboxState");
                json.name("outboxId").value(state.outboxId());
                json.name("highestSeq").value(state.highestSeq());
                json.name("highestTelemetrySeq").value(state.highestTelemetrySeq());
            } else if (message instanceof ErrorMessage error) {
                json.name("type").value("error");
                json.name("code").value(error.code());
                json.name("message").value(error.message());
                if (error.firstSeq() != null && error.lastSeq() != null) {
                    json.name("firstSeq").value(error.firstSeq());
                    json.name("lastSeq").value(error.lastSeq());
                }
            } else {
                throw new IllegalArgumentException("not a protocol message: " + message);
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writePosition(JsonWriter json, Position position) throws IOException {
        Fix fix = position.fix();
        json.beginObject();
        json.name("seq").value(position.seq());
        json.name("time").value(fix.time().toString());
        json.name("lat").value(fix.latitude());
        json.name("lon").value(fix.longitude());
        if (fix.speed() != null) {
            json.name("speed").value(fix.speed());
        }
        if (fix.course() != null) {
            json.name("course").value(fix.course());
        }
        if (fix.altitude() != null) {
            json.name("alt").value(fix.altitude());
        }
        if (fix.hdop() != null) {
            json.name("hdop").value(fix.hdop());
        }
        if (fix.satellites() != null) {
            json.name("sats").value(fix.satellites());
        }
        if (fix.fixType() != null) {
            json.name("fix").value(fix.fixType().wireName());
        }
        json.endObject();
    }

    /**
     * Decodes one frame.
     *
     * @throws ProtocolException with {@link ProtocolCodes#MALFORMED_FRAME} when the frame is not a
     *     valid message, or {@link ProtocolCodes#UNKNOWN_MESSAGE_TYPE} when it is well-formed JSON
     *     with a type this version does not know
     */
    public Message decode(String frame) throws ProtocolException {
        try (JsonReader json = new JsonReader(new StringReader(frame))) {
            json.setStrictness(Strictness.STRICT);
            Fields fields = readMessageObject(json);
            if (hasMoreData(json)) {
                throw malformed("unexpected data after the message object");
            }
            return fields.toMessage();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson reports malformed JSON and token-type mismatches as these.
            throw malformed("not a valid JSON message" + where(e.getMessage()));
        }
    }

    private static final String GSON_ADVICE = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept ";

    /**
     * Gson's description of the problem without its troubleshooting link and its advice to parse
     * leniently: that text would fill the bike's 123-byte close reason and suggest something the server
     * will never do.
     */
    private static String where(String gsonMessage) {
        if (gsonMessage == null) {
            return "";
        }
        String text = gsonMessage;
        int link = text.indexOf("\nSee ");
        if (link >= 0) {
            text = text.substring(0, link);
        }
        if (text.startsWith(GSON_ADVICE)) {
            text = text.substring(GSON_ADVICE.length());
        }
        return ": " + text.strip();
    }

    /** True when anything but whitespace follows the message object. */
    private static boolean hasMoreData(JsonReader json) throws IOException {
        try {
            return json.peek() != JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            // A strict reader refuses a second top-level value before it can say what the value is.
            return true;
        }
    }

    /** The fields of any message type, gathered in whatever order they arrive. */
    private static final class Fields {
        String type;
        String bikeId;
        String agentVersion;
        Integer protocol;
        String outboxId;
        List<Position> fixes;
        Long seq;
        String id;
        String name;
        Map<String, String> args;
        String status;
        String message;
        Integer code;
        long floor;
        long dropped;
        long skipped;
        String previousOutboxId;
        String reset;
        Long highestSeq;
        Long firstSeq;
        Long lastSeq;
        long highestTelemetrySeq;
        boolean live;
        String gps;
        Long outboxDepth;
        List<Telemetry.Reading> readings;

        Message toMessage() throws ProtocolException {
            if (type == null) {
                throw malformed("missing field 'type'");
            }
            return switch (type) {
                case "hello" -> new Hello(required(bikeId, "bikeId"), required(agentVersion, "agentVersion"),
                        required(protocol, "protocol"), required(outboxId, "outboxId"), floor, dropped, skipped,
                        previousOutboxId, reset);
                case "positions" -> new Positions(required(bikeId, "bikeId"), required(fixes, "fixes"), live, floor);
                case "status" -> new Status(required(gps, "gps"), required(outboxDepth, "outboxDepth"), dropped,
                        skipped);
                case "telemetry" -> new Telemetry(required(bikeId, "bikeId"), required(readings, "readings"), floor);
                case "ack" -> new Ack(required(seq, "seq"));
                case "telemetryAck" -> new TelemetryAck(required(seq, "seq"));
                case "command" -> new Command(required(id, "id"), required(name, "name"),
                        args == null ? Map.of() : args);
                case "commandResult" -> new CommandResult(required(id, "id"), required(status, "status"), message);
                case "outboxState" -> new OutboxState(required(outboxId, "outboxId"),
                        required(highestSeq, "highestSeq"), highestTelemetrySeq);
                case "error" -> new ErrorMessage(required(code, "code"), required(message, "message"),
                        firstSeq != null && lastSeq != null ? firstSeq : null,
                        firstSeq != null && lastSeq != null ? lastSeq : null);
                default -> throw new ProtocolException(ProtocolCodes.UNKNOWN_MESSAGE_TYPE,
                        "unknown message type '" + type + "'");
            };
        }

        private <T> T required(T value, String field) throws ProtocolException {
            if (value == null) {
                throw malformed("'" + type + "' message is missing field '" + field + "'");
            }
            return value;
        }
    }

    private static Fields readMessageObject(JsonReader json) throws IOException, ProtocolException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw malformed("a message must be a JSON object");
        }
        Fields f = new Fields();
        json.beginObject();
        while (json.hasNext()) {
            String field = json.nextName();
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                continue;
            }
            switch (field) {
                case "type" -> f.type = string(json, field);
                case "bikeId" -> f.bikeId = string(json, field);
                case "agentVersion" -> f.agentVersion = string(json, field);
                case "protocol" -> f.protocol = integer(json, field);
                case "outboxId" -> f.outboxId = string(json, field);
                case "fixes" -> f.fixes = readFixes(json);
                case "seq" -> f.seq = longValue(json, field);
                case "id" -> f.id = string(json, field);
                case "name" -> f.name = string(json, field);
                case "args" -> f.args = readArgs(json);
                case "status" -> f.status = string(json, field);
                case "message" -> f.message = string(json, field);
                case "code" -> f.code = integer(json, field);
                case "floor" -> f.floor = nonNegative(json, field);
                case "dropped" -> f.dropped = nonNegative(json, field);
                case "skipped" -> f.skipped = nonNegative(json, field);
                case "previousOutboxId" -> f.previousOutboxId = string(json, field);
                case "reset" -> f.reset = string(json, field);
                case "highestSeq" -> f.highestSeq = nonNegative(json, field);
                case "firstSeq" -> f.firstSeq = nonNegative(json, field);
                case "lastSeq" -> f.lastSeq = nonNegative(json, field);
                case "highestTelemetrySeq" -> f.highestTelemetrySeq = nonNegative(json, field);
                case "live" -> f.live = bool(json, field);
                case "gps" -> f.gps = string(json, field);
                case "outboxDepth" -> f.outboxDepth = nonNegative(json, field);
                case "readings" -> f.readings = readReadings(json);
                default -> json.skipValue();
            }
        }
        json.endObject();
        return f;
    }

    private static List<Position> readFixes(JsonReader json) throws IOException, ProtocolException {
        expect(json, JsonToken.BEGIN_ARRAY, "fixes", "an array");
        List<Position> positions = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            positions.add(readPosition(json, positions.size()));
        }
        json.endArray();
        return positions;
    }

    private static Position readPosition(JsonReader json, int index) throws IOException, ProtocolException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            // Named only on failure: building "fixes[i]" for every fix showed in the ingest profile.
            expect(json, JsonToken.BEGIN_OBJECT, "fixes[" + index + "]", "an object");
        }
        Long seq = null;
        Instant time = null;
        Double lat = null;
        Double lon = null;
        Double speed = null;
        Double course = null;
        Double alt = null;
        Double hdop = null;
        Integer sats = null;
        FixType fixType = null;
        json.beginObject();
        while (json.hasNext()) {
            String field = json.nextName();
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                continue;
            }
            switch (field) {
                case "seq" -> seq = longValue(json, field);
                case "time" -> time = instant(json, field);
                case "lat" -> lat = number(json, field);
                case "lon" -> lon = number(json, field);
                case "speed" -> speed = number(json, field);
                case "course" -> course = number(json, field);
                case "alt" -> alt = number(json, field);
                case "hdop" -> hdop = number(json, field);
                case "sats" -> sats = integer(json, field);
                case "fix" -> fixType = FixType.fromWireName(string(json, field));
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (seq == null || time == null || lat == null || lon == null) {
            throw malformed("fixes[" + index + "] needs seq, time, lat and lon");
        }
        if (seq < 1) {
            throw malformed("fixes[" + index + "].seq must be >= 1, was " + seq);
        }
        return new Position(seq, new Fix(time, lat, lon, speed, course, alt, hdop, sats, fixType));
    }

    private static List<Telemetry.Reading> readReadings(JsonReader json) throws IOException, ProtocolException {
        expect(json, JsonToken.BEGIN_ARRAY, "readings", "an array");
        List<Telemetry.Reading> readings = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            String where = "readings[" + readings.size() + "]";
            expect(json, JsonToken.BEGIN_OBJECT, where, "an object");
            Long seq = null;
            Instant time = null;
            String name = null;
            String value = null;
            json.beginObject();
            while (json.hasNext()) {
                String field = json.nextName();
                if (json.peek() == JsonToken.NULL) {
                    json.nextNull();
                    continue;
                }
                switch (field) {
                    case "seq" -> seq = longValue(json, field);
                    case "time" -> time = instant(json, field);
                    case "name" -> name = string(json, field);
                    case "value" -> value = string(json, field);
                    default -> json.skipValue();
                }
            }
            json.endObject();
            if (seq == null || seq < 1 || name == null || value == null) {
                throw malformed(where + " needs seq >= 1, name and value");
            }
            readings.add(new Telemetry.Reading(seq, time, name, value));
        }
        json.endArray();
        return readings;
    }

    private static Map<String, String> readArgs(JsonReader json) throws IOException, ProtocolException {
        expect(json, JsonToken.BEGIN_OBJECT, "args", "an object");
        Map<String, String> args = new LinkedHashMap<>();
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            args.put(key, string(json, "args." + key));
        }
        json.endObject();
        return args;
    }

    private static String string(JsonReader json, String field) throws IOException, ProtocolException {
        expect(json, JsonToken.STRING, field, "a string");
        String text = json.nextString();
        if (text.indexOf('\u0000') >= 0) {
            // PostgreSQL cannot store U+0000 in text: such a write would fail in the store, not here.
            throw malformed("'" + field + "' must not contain the character U+0000");
        }
        return text;
    }

    private static double number(JsonReader json, String field) throws IOException, ProtocolException {
        expect(json, JsonToken.NUMBER, field, "a number");
        return json.nextDouble();
    }

    private static long longValue(JsonReader json, String field) throws IOException, ProtocolException {
        expect(json, JsonToken.NUMBER, field, "an integer");
        // Not nextLong: for what Long.parseLong refuses, Gson goes through a double, so 2^63 came out as
        // 2^63-1 and 9007199254740993.0 as ...992. The number's own text is read exactly instead.
        return exactInteger(json.nextString(), field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The exact value of a JSON number that must be an integer from {@code min} to {@code max}: {@code 12},
     * {@code 12.0} and {@code 1.2e1} are 12; a fraction or a value out of range is malformed, never rounded
     * or clamped.
     */
    static long exactInteger(String text, String field, long min, long max) throws ProtocolException {
        long value;
        if (text.length() <= 18 && plainInteger(text)) {
            // The common case, at every fix's seq: no big-number parse.
            value = Long.parseLong(text);
        } else if (text.length() > MAX_INTEGER_CHARS) {
            throw outOfRange(text, field, min, max);
        } else {
            try {
                value = new BigDecimal(text).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw outOfRange(text, field, min, max);
            }
        }
        if (value < min || value > max) {
            throw outOfRange(text, field, min, max);
        }
        return value;
    }

    private static ProtocolException outOfRange(String text, String field, long min, long max) {
        String shown = text.length() > MAX_INTEGER_CHARS ? text.substring(0, MAX_INTEGER_CHARS) + "..." : text;
        return malformed("'" + field + "' must be an integer from " + min + " to " + max + ", was " + shown);
    }

    /** An optional minus and one to eighteen digits: what {@link Long#parseLong} reads and a long holds. */
    private static boolean plainInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long nonNegative(JsonReader json, String field) throws IOException, ProtocolException {
        long value = longValue(json, field);
        if (value < 0) {
            throw malformed("'" + field + "' must not be negative, was " + value);
        }
        return value;
    }

    private static boolean bool(JsonReader json, String field) throws IOException, ProtocolException {
        expect(json, JsonToken.BOOLEAN, field, "true or false");
        return json.nextBoolean();
    }

    private static int integer(JsonReader json, String field) throws IOException, ProtocolException {
        expect(json, JsonToken.NUMBER, field, "an integer");
        return (int) exactInteger(json.nextString(), field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static Instant instant(JsonReader json, String field) throws IOException, ProtocolException {
        String text = string(json, field);
        Instant time;
        try {
            time = UtcTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed("'" + field + "' is not an ISO-8601 UTC time: '" + text + "'");
        }
        // Refused here, not in the store: a time it cannot hold (+1000000000-01-01 overflows epoch millis)
        // failed the whole group commit, and with it every other bike's write in that transaction.
        if (time.isBefore(EARLIEST_TIME) || !time.isBefore(TIMES_END)) {
            throw malformed("'" + field + "' " + text + " is outside " + EARLIEST_TIME + " .. " + TIMES_END);
        }
        return time;
    }

    private static void expect(JsonReader json, JsonToken token, String field, String what)
            throws IOException, ProtocolException {
        JsonToken actual = json.peek();
        if (actual != token) {
            throw malformed("'" + field + "' must be " + what + ", was " + actual.name().toLowerCase());
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(ProtocolCodes.MALFORMED_FRAME, message);
    }
}
