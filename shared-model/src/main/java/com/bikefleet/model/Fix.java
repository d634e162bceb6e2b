package com.bikefleet.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One position from a GPS receiver. The time is the receiver's (GPS) time in UTC, never the bike's
 * system clock, which has no battery-backed source on a Raspberry Pi.
 *
 * <p>Optional values are null when the receiver did not report them.
 *
 * @param time       GPS fix time, UTC
 * @param latitude   decimal degrees, -90..90, north positive
 * @param longitude  decimal degrees, -180..180, east positive
 * @param speed      metres per second over ground, or null
 * @param course     degrees true, 0 (inclusive) to 360 (exclusive), or null
 * @param altitude   metres above mean sea level, or null
 * @param hdop       horizontal dilution of precision, or null
 * @param satellites satellites used in the fix, or null
 * @param fixType    2D or 3D, or null when unknown
 */
public record Fix(
        Instant time,
        double latitude,
        double longitude,
        Double speed,
        Double course,
        Double altitude,
        Double hdop,
        Integer satellites,
        FixType fixType) {

    public Fix {
        Objects.requireNonNull(time, "time");
    }

    /** A fix with only the mandatory values. */
    public static Fix of(Instant time, double latitude, double longitude) {
        return new Fix(time, latitude, longitude, null, null, null, null, null, null);
    }
}
