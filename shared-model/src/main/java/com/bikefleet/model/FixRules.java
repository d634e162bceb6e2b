package com.bikefleet.model;

import java.time.Instant;

/**
 * What a fix may be, wherever it comes from: both the agent (before it stores a fix) and the server
 * (before it accepts one) ask this one place.
 */
public final class FixRules {

    /** Fixes before this are certainly a receiver or clock fault (no bike reported before 2000). */
    public static final Instant EARLIEST_FIX_TIME = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * Fixes at or after this cannot be sent: the protocol's times end here ({@code MessageCodec} refuses a later
     * time in any message), so the agent must not keep one in its outbox, where it would be refused as malformed
     * for ever. Declared here, not in the codec, because the protocol package builds on this one.
     */
    public static final Instant TIMES_END = Instant.parse("2100-01-01T00:00:00Z");

    /** Faster than any bicycle, even downhill; a higher value is a decoding or receiver fault. */
    public static final double MAX_SPEED_MPS = 100.0;

    private FixRules() {
    }

    /** Returns null when the fix is acceptable, else a sentence naming every problem found. */
    public static String problems(Fix fix) {
        if (acceptable(fix)) {
            // The common case costs no allocation: ingest asks this for every fix.
            return null;
        }
        StringBuilder out = new StringBuilder();
        if (fix.time().isBefore(EARLIEST_FIX_TIME)) {
            append(out, "time " + fix.time() + " is before " + EARLIEST_FIX_TIME);
        }
        if (!fix.time().isBefore(TIMES_END)) {
            append(out, "time " + fix.time() + " is not before " + TIMES_END);
        }
        if (!(fix.latitude() >= -90.0 && fix.latitude() <= 90.0)) {
            append(out, "lat " + fix.latitude() + " is outside -90..90");
        }
        if (!(fix.longitude() >= -180.0 && fix.longitude() <= 180.0)) {
            append(out, "lon " + fix.longitude() + " is outside -180..180");
        }
        if (fix.speed() != null && !(fix.speed() >= 0.0 && fix.speed() <= MAX_SPEED_MPS)) {
            append(out, "speed " + fix.speed() + " is outside 0.." + MAX_SPEED_MPS + " m/s");
        }
        if (fix.course() != null && !(fix.course() >= 0.0 && fix.course() < 360.0)) {
            append(out, "course " + fix.course() + " is outside 0..360");
        }
        if (fix.altitude() != null && !(fix.altitude() >= -1000.0 && fix.altitude() <= 20000.0)) {
            append(out, "alt " + fix.altitude() + " is outside -1000..20000 m");
        }
        if (fix.hdop() != null && !(fix.hdop() >= 0.0 && fix.hdop() <= 100.0)) {
            append(out, "hdop " + fix.hdop() + " is outside 0..100");
        }
        if (fix.satellites() != null && (fix.satellites() < 0 || fix.satellites() > 255)) {
            append(out, "sats " + fix.satellites() + " is outside 0..255");
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static boolean acceptable(Fix fix) {
        return !fix.time().isBefore(EARLIEST_FIX_TIME) && fix.time().isBefore(TIMES_END)
                && fix.latitude() >= -90.0 && fix.latitude() <= 90.0
                && fix.longitude() >= -180.0 && fix.longitude() <= 180.0
                && (fix.speed() == null || fix.speed() >= 0.0 && fix.speed() <= MAX_SPEED_MPS)
                && (fix.course() == null || fix.course() >= 0.0 && fix.course() < 360.0)
                && (fix.altitude() == null || fix.altitude() >= -1000.0 && fix.altitude() <= 20000.0)
                && (fix.hdop() == null || fix.hdop() >= 0.0 && fix.hdop() <= 100.0)
                && (fix.satellites() == null || fix.satellites() >= 0 && fix.satellites() <= 255);
    }

    private static void append(StringBuilder out, String problem) {
        if (out.length() > 0) {
            out.append("; ");
        }
        out.append(problem);
    }
}
