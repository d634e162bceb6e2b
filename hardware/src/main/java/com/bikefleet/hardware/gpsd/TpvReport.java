package com.bikefleet.hardware.gpsd;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import com.bikefleet.model.FixType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of gpsd's JSON output. A TPV report with mode 2 or 3, a time, a latitude and a longitude is a
 * fix; gpsd's {@code time} is GPS time in UTC. A TPV without time is skipped: nothing else may date it.
 */
final class TpvReport {

    /** What a line turned out to be. */
    enum Kind { FIX, NO_FIX, OTHER, MALFORMED }

    private final Kind kind;
    private final Fix fix;

    private TpvReport(Kind kind, Fix fix) {
        this.kind = kind;
        this.fix = fix;
    }

    Kind kind() {
        return kind;
    }

    Fix fix() {
        return fix;
    }

    static TpvReport parse(String line) {
        JsonObject o;
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                return new TpvReport(Kind.MALFORMED, null);
            }
            o = element.getAsJsonObject();
        } catch (RuntimeException e) { // Gson's JsonParseException, and number format faults below
            return new TpvReport(Kind.MALFORMED, null);
        }
        String type = text(o, "class");
        if ("SKY".equals(type)) {
            return new TpvReport(Kind.NO_FIX, null); // the receiver talks; a TPV will say if it has a fix
        }
        if (!"TPV".equals(type)) {
            return new TpvReport(Kind.OTHER, null);
        }
        try {
            Double mode = number(o, "mode");
            Double lat = number(o, "lat");
            Double lon = number(o, "lon");
            String time = text(o, "time");
            if (mode == null || mode < 2 || lat == null || lon == null || time == null) {
                return new TpvReport(Kind.NO_FIX, null);
            }
            Double altitude = number(o, "altMSL");
            Double course = number(o, "track");
            Fix fix = new Fix(Instant.parse(time), lat, lon, number(o, "speed"),
                    course == null ? null : course % 360.0, altitude != null ? altitude : number(o, "alt"),
                    null, null, mode >= 3 ? FixType.THREE_D : FixType.TWO_D);
            return FixRules.problems(fix) == null ? new TpvReport(Kind.FIX, fix) : new TpvReport(Kind.MALFORMED, null);
        } catch (DateTimeParseException | UnsupportedOperationException | IllegalStateException
                | NumberFormatException e) {
            return new TpvReport(Kind.MALFORMED, null);
        }
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static Double number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : null;
    }
}
