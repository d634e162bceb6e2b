package com.bikefleet.server.backplane;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What instances tell each other, as one line of text: {@code kind|origin|rest}. Bike and instance ids
 * cannot contain {@code |} or {@code ,} (their patterns forbid it), so no escaping is needed, and a
 * position costs one short string per publish however many instances and listeners receive it.
 *
 * @param kind   what happened
 * @param origin the instance that says so
 * @param bikeId the bike, or null for a roster
 * @param fix    the newest fix of a position, else null
 * @param bikes  a roster's bikes, else empty
 */
public record BackplaneMessage(Kind kind, String origin, String bikeId, Fix fix, List<String> bikes) {

    /** The kinds of message; the wire name is the first field. */
    public enum Kind {
        /** A live fix was stored (everyone). */
        POSITION("p"),
        /** A bike's connection on the origin is past its hello (everyone). */
        ONLINE("on"),
        /** A bike's last connection, on the origin, closed (everyone). */
        OFFLINE("off"),
        /** Every bike the origin holds, sent periodically: heals missed online/offline messages (everyone). */
        ROSTER("roster"),
        /** A command waits for a bike the receiver holds (one instance). */
        COMMANDS("cmd"),
        /** The bike connected to the origin: the receiver closes its older connection (one instance). */
        REPLACE("replace");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Kind fromWire(String text) {
            for (Kind kind : values()) {
                if (kind.wire.equals(text)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown backplane message kind '" + text + "'");
        }
    }

    public BackplaneMessage {
        bikes = List.copyOf(bikes);
    }

    public static BackplaneMessage about(Kind kind, String origin, String bikeId) {
        return new BackplaneMessage(kind, origin, bikeId, null, List.of());
    }

    public static BackplaneMessage position(String origin, String bikeId, Fix fix) {
        return new BackplaneMessage(Kind.POSITION, origin, bikeId, fix, List.of());
    }

    public static BackplaneMessage roster(String origin, List<String> bikes) {
        return new BackplaneMessage(Kind.ROSTER, origin, null, null, bikes);
    }

    public String encode() {
        StringBuilder out = new StringBuilder(96).append(kind.wire).append('|').append(origin).append('|');
        switch (kind) {
            case ROSTER -> out.append(String.join(",", bikes));
            case POSITION -> {
                out.append(bikeId).append('|').append(fix.time().toEpochMilli()).append('|').append(fix.latitude())
                        .append('|').append(fix.longitude());
                optional(out, fix.speed());
                optional(out, fix.course());
                optional(out, fix.altitude());
                optional(out, fix.hdop());
                optional(out, fix.satellites());
                optional(out, fix.fixType() == null ? null : fix.fixType().wireName());
            }
            default -> out.append(bikeId);
        }
        return out.toString();
    }

    private static void optional(StringBuilder out, Object value) {
        out.append('|');
        if (value != null) {
            out.append(value);
        }
    }

    /** @throws IllegalArgumentException when the text is not a message this version writes */
    public static BackplaneMessage decode(String text) {
        String[] f = text.split("\\|", -1);
        if (f.length < 3) {
            throw new IllegalArgumentException("not a backplane message: " + text);
        }
        Kind kind = Kind.fromWire(f[0]);
        String origin = f[1];
        return switch (kind) {
            case ROSTER -> roster(origin, f[2].isEmpty() ? List.of() : new ArrayList<>(List.of(f[2].split(","))));
            case POSITION -> {
                if (f.length != 12) {
                    throw new IllegalArgumentException("a position needs 12 fields: " + text);
                }
                Fix fix = new Fix(Instant.ofEpochMilli(Long.parseLong(f[3])), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]), decimal(f[6]), decimal(f[7]), decimal(f[8]), decimal(f[9]),
                        f[10].isEmpty() ? null : Integer.valueOf(f[10]),
                        f[11].isEmpty() ? null : FixType.fromWireName(f[11]));
                yield position(origin, f[2], fix);
            }
            default -> about(kind, origin, f[2]);
        };
    }

    private static Double decimal(String field) {
        return field.isEmpty() ? null : Double.valueOf(field);
    }
}
