package com.bikefleet.hardware.nmea;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import com.bikefleet.model.FixType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stage 4: merges the sentences of one epoch (one measurement, all stamped with the same time of day)
 * into one fix. RMC brings date, speed, course and validity, GGA quality, satellites, HDOP and altitude,
 * GLL a position, GSA 2D/3D, VTG speed and course, ZDA a date. An epoch becomes a fix only with a
 * position, at least one sentence saying the fix is valid and none saying it is not, and a known date:
 * its own (RMC, ZDA) or the last one known, carried across midnight.
 *
 * <p>An epoch ends when a sentence with another time arrives. To avoid holding every fix for a whole
 * period, the merger also learns which sentence type closed the previous epoch and emits as soon as that
 * type arrives again.
 *
 * <p>Owned by the decoder's thread.
 */
final class EpochMerger {

    static final int RMC = 1;
    static final int GGA = 2;
    static final int GLL = 3;
    static final int GSA = 4;
    static final int VTG = 5;

    private static final int NO_TIME = -1;
    private static final long NO_DAY = Long.MIN_VALUE;
    private static final int HALF_DAY_MS = 12 * 3600 * 1000;
    private static final double KNOTS_TO_MPS = 1852.0 / 3600.0;
    /** Valid epochs kept while no date has been seen yet (a log or receiver that starts with a lone GLL). */
    static final int MAX_UNDATED = 8;

    private final WeekRollover rollover;
    private final Consumer<Fix> out;
    // Valid epochs before the first date, stamped on day 0 until the first date tells which day they were.
    private final List<Fix> undated = new ArrayList<>(MAX_UNDATED);

    // Across epochs: the latest date known (a GGA or GLL carries none) and the time of day it held at, and
    // the latest GSA mode.
    private long latestDay = NO_DAY;
    private int latestDayTime;
    private int gsaMode;
    private int cycleEndType;

    // The epoch being assembled.
    private int time = NO_TIME;
    private int lastType;
    private boolean emitted;
    private boolean hasPosition;
    private double lat;
    private double lon;
    private boolean saysValid;
    private boolean saysInvalid;
    private long day = NO_DAY;
    private double speed = Double.NaN;
    private double course = Double.NaN;
    private double altitude = Double.NaN;
    private double hdop = Double.NaN;
    private int satellites = -1;

    EpochMerger(WeekRollover rollover, Consumer<Fix> out) {
        this.rollover = rollover;
        this.out = out;
    }

    void rmc(int timeOfDay, boolean valid, double latitude, double longitude, double speedKnots,
            double courseDegrees, int yymmdd) {
        begin(timeOfDay);
        if (yymmdd != Fields.MISSING) {
            date(rollover.epochDay(yymmdd));
        }
        validity(valid);
        position(latitude, longitude);
        if (!Double.isNaN(speedKnots)) {
            speed = speedKnots * KNOTS_TO_MPS;
        }
        if (!Double.isNaN(courseDegrees)) {
            course = courseDegrees;
        }
        end(RMC);
    }

    void gga(int timeOfDay, int quality, double latitude, double longitude, int sats, double hdopValue,
            double altitudeMetres) {
        begin(timeOfDay);
        // 1-5: GPS, DGPS, PPS, RTK, float RTK; 6: dead reckoning. 0 none, 7 manual, 8 simulator.
        validity(quality >= 1 && quality <= 6);
        position(latitude, longitude);
        if (sats >= 0) {
            satellites = sats;
        }
        if (!Double.isNaN(hdopValue)) {
            hdop = hdopValue;
        }
        if (!Double.isNaN(altitudeMetres)) {
            altitude = altitudeMetres;
        }
        end(GGA);
    }

    void gll(int timeOfDay, boolean valid, double latitude, double longitude) {
        begin(timeOfDay);
        validity(valid);
        position(latitude, longitude);
        end(GLL);
    }

    /** ZDA: time and a four-digit year; it says nothing about the fix, only which day the epoch is in. */
    void zda(int timeOfDay, int year, int month, int dayOfMonth) {
        begin(timeOfDay);
        if (year != Fields.MISSING && month != Fields.MISSING && dayOfMonth != Fields.MISSING) {
            date(rollover.epochDay(year, month, dayOfMonth));
        }
        // Not a cycle end: receivers send ZDA only now and then (every few seconds, or once a minute), so
        // waiting for it would hold every epoch without one until the next begins. The epoch emits at its
        // position sentence with the date carried from the last ZDA.
    }

    /** GSA carries no time: it belongs to the epoch in progress, and its mode holds until the next GSA. */
    void gsa(int mode) {
        if (mode >= 1 && mode <= 3) {
            gsaMode = mode;
        }
        end(GSA);
    }

    /** VTG carries no time; it fills speed and course only where RMC did not. */
    void vtg(boolean valid, double speedKnots, double courseDegrees) {
        if (valid) {
            if (Double.isNaN(speed) && !Double.isNaN(speedKnots)) {
                speed = speedKnots * KNOTS_TO_MPS;
            }
            if (Double.isNaN(course) && !Double.isNaN(courseDegrees)) {
                course = courseDegrees;
            }
        }
        end(VTG);
    }

    /** The input has ended: emit the last epoch. */
    void flush() {
        finishEpoch();
    }

    private void begin(int timeOfDay) {
        if (timeOfDay != NO_TIME && timeOfDay != time) {
            finishEpoch();
            time = timeOfDay;
        }
    }

    private void end(int type) {
        lastType = type;
        if (type == cycleEndType && !emitted) {
            emitted = emitIfValid();
        }
    }

    private void date(long d) {
        if (d != NO_DAY && time != NO_TIME) {
            if (latestDay == NO_DAY) {
                emitUndated(d);
            }
            day = d;
            latestDay = d;
            latestDayTime = time;
        }
    }

    private void validity(boolean valid) {
        if (valid) {
            saysValid = true;
        } else {
            saysInvalid = true;
        }
    }

    private void position(double latitude, double longitude) {
        if (!Double.isNaN(latitude) && !Double.isNaN(longitude)) {
            hasPosition = true;
            lat = latitude;
            lon = longitude;
        }
    }

    private void finishEpoch() {
        if (!emitted) {
            emitIfValid();
        }
        if (time != NO_TIME && day == NO_DAY && latestDay != NO_DAY) {
            // Carry the date forward epoch by epoch, so that a receiver sending a date only now and then
            // (or once) keeps the right day across any number of midnights, as long as no gap between
            // epochs reaches half a day.
            latestDay = dayFromLatestDate();
            latestDayTime = time;
        }
        if (lastType != 0) {
            cycleEndType = lastType;
        }
        time = NO_TIME;
        lastType = 0;
        emitted = false;
        hasPosition = false;
        saysValid = false;
        saysInvalid = false;
        day = NO_DAY;
        speed = Double.NaN;
        course = Double.NaN;
        altitude = Double.NaN;
        hdop = Double.NaN;
        satellites = -1;
    }

    private boolean emitIfValid() {
        if (!hasPosition || !saysValid || saysInvalid || time == NO_TIME) {
            return false;
        }
        long fixDay = day != NO_DAY ? day : dayFromLatestDate();
        boolean noDateYet = fixDay == NO_DAY;
        if (noDateYet) {
            if (undated.size() == MAX_UNDATED) {
                return false;
            }
            fixDay = 0; // until the first date arrives
        }
        Fix fix = new Fix(
                Instant.ofEpochSecond(fixDay * 86_400 + time / 1000, (time % 1000) * 1_000_000L),
                lat, lon,
                Double.isNaN(speed) ? null : speed,
                Double.isNaN(course) ? null : course % 360.0,
                Double.isNaN(altitude) ? null : altitude,
                Double.isNaN(hdop) ? null : hdop,
                satellites < 0 ? null : satellites,
                gsaMode == 3 ? FixType.THREE_D : gsaMode == 2 ? FixType.TWO_D : null);
        if (noDateYet) {
            undated.add(fix);
            return true;
        }
        return emit(fix);
    }

    private boolean emit(Fix fix) {
        if (FixRules.problems(fix) != null) {
            return false; // e.g. a 300 knot speed: a corrupt sentence that happened to pass the checksum
        }
        out.accept(fix);
        return true;
    }

    /**
     * The first date has arrived, at the epoch in progress: the epochs before it were on that day, or
     * on the day before when midnight passed in between (they are less than half a day older).
     */
    private void emitUndated(long firstDay) {
        for (Fix f : undated) {
            int timeOfDay = (int) (f.time().toEpochMilli() % 86_400_000L);
            long d = timeOfDay - time > HALF_DAY_MS ? firstDay - 1 : firstDay;
            emit(new Fix(f.time().plusSeconds(d * 86_400), f.latitude(), f.longitude(), f.speed(), f.course(),
                    f.altitude(), f.hdop(), f.satellites(), f.fixType()));
        }
        undated.clear();
    }

    /**
     * An epoch without a date (GGA, GLL) takes the last known one (RMC, ZDA, or the previous fix), a day
     * later when midnight passed in between.
     */
    private long dayFromLatestDate() {
        if (latestDay == NO_DAY) {
            return NO_DAY;
        }
        int sinceDate = time - latestDayTime;
        if (sinceDate < -HALF_DAY_MS) {
            return latestDay + 1;
        }
        if (sinceDate > HALF_DAY_MS) {
            return latestDay - 1;
        }
        return latestDay;
    }
}
