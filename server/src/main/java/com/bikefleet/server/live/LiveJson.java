package com.bikefleet.server.live;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.BikeView;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes the server-to-listener JSON of docs/protocol.md section 7. Stateless. */
final class LiveJson {

    /** An update object for a bike's new position. */
    String position(String bikeId, Fix fix) {
        return write(json -> {
            json.beginObject().name("type").value("position").name("bikeId").value(bikeId).name("position");
            fix(json, fix);
            json.endObject();
        });
    }

    /** An update object for a bike going online or offline. */
    String connection(String bikeId, boolean online) {
        return write(json -> json.beginObject().name("type").value(online ? "online" : "offline")
                .name("bikeId").value(bikeId).endObject());
    }

    /** An update object for what a bike said about itself; unknown fields are left out. */
    String status(LiveStatus status) {
        return write(json -> {
            json.beginObject().name("type").value("status").name("bikeId").value(status.bikeId());
            if (status.gps() != null) {
                json.name("gps").value(status.gps());
            }
            optional(json, "outboxDepth", status.outboxDepth());
            optional(json, "dropped", status.dropped());
            optional(json, "backlog", status.backlog());
            if (status.battery() != null) {
                json.name("battery");
                batteryValue(json, status.battery());
            }
            json.endObject();
        });
    }

    /** Telemetry values travel as text; a numeric one is written as a number, as GET /api/bikes does. */
    private static void batteryValue(JsonWriter json, String value) throws IOException {
        try {
            double number = Double.parseDouble(value);
            if (Double.isFinite(number)) {
                json.value(number);
                return;
            }
        } catch (NumberFormatException e) {
            // not a number: written as text below
        }
        json.value(value);
    }

    /** Joins already encoded update objects into one frame, so no update is encoded per listener. */
    String updatesFrame(List<String> fragments) {
        return "{\"type\":\"updates\",\"updates\":[" + String.join(",", fragments) + "]}";
    }

    String snapshotFrame(List<BikeView> bikes, java.util.function.Predicate<String> online,
                         java.util.function.Function<String, Long> backlog) {
        return write(json -> {
            json.beginObject().name("type").value("snapshot").name("bikes").beginArray();
            for (BikeView bike : bikes) {
                json.beginObject().name("bikeId").value(bike.bikeId()).name("online").value(online.test(bike.bikeId()));
                if (bike.lastSeen() != null) {
                    json.name("lastSeen").value(bike.lastSeen().toString());
                }
                if (bike.gps() != null) {
                    json.name("gps").value(bike.gps());
                }
                if (bike.outboxDepth() != null) {
                    json.name("outboxDepth").value(bike.outboxDepth());
                }
                if (bike.dropped() != null) {
                    json.name("dropped").value(bike.dropped());
                }
                optional(json, "backlog", backlog.apply(bike.bikeId()));
                if (bike.battery() != null) {
                    json.name("battery");
                    batteryValue(json, bike.battery().value());
                }
                if (bike.lastFix() != null) {
                    json.name("position");
                    fix(json, bike.lastFix());
                }
                json.endObject();
            }
            json.endArray().endObject();
        });
    }

    String error(int code, String message) {
        return write(json -> json.beginObject().name("type").value("error").name("code").value(code)
                .name("message").value(message).endObject());
    }

    /** The field names of a fix on the bike protocol (section 3.3), without seq. */
    private static void fix(JsonWriter json, Fix fix) throws IOException {
        json.beginObject().name("time").value(fix.time().toString())
                .name("lat").value(fix.latitude()).name("lon").value(fix.longitude());
        optional(json, "speed", fix.speed());
        optional(json, "course", fix.course());
        optional(json, "alt", fix.altitude());
        optional(json, "hdop", fix.hdop());
        optional(json, "sats", fix.satellites());
        if (fix.fixType() != null) {
            json.name("fix").value(fix.fixType().wireName());
        }
        json.endObject();
    }

    private static void optional(JsonWriter json, String name, Number value) throws IOException {
        if (value != null) {
            json.name(name).value(value);
        }
    }

    private interface Body {
        void write(JsonWriter json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.setHtmlSafe(false);
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }
}
