package com.bikefleet.hardware.nmea;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Turns a receiver's date into a day, undoing the GPS week rollover. GPS counts weeks in 10 bits, so a
 * receiver whose firmware predates a rollover reports a date exactly 1024 weeks (about 19.6 years) too
 * early. A date before the pivot is such a rollover and moves forward by 1024 weeks until it is not.
 *
 * <p>Which pivot is right depends on where the date comes from (see {@link NmeaDecoder#DEFAULT_ROLLOVER_PIVOT}
 * and {@link NmeaDecoder#RECORDED_ROLLOVER_PIVOT}). The system clock cannot decide this: a Raspberry Pi has
 * no real-time clock.
 */
final class WeekRollover {
    // Owned by the decoder's thread.

    static final int DAYS_PER_ROLLOVER = 1024 * 7;

    private final long pivotEpochDay;
    // A receiver repeats one date all day: remember the last answer instead of recomputing it.
    private int lastKey = -1;
    private long lastEpochDay;

    WeekRollover(LocalDate pivot) {
        this.pivotEpochDay = pivot.toEpochDay();
    }

    /** Days since 1970-01-01 for {@code yy*10000 + mm*100 + dd}, or {@link Long#MIN_VALUE} if no date. */
    long epochDay(int yymmdd) {
        int yy = yymmdd / 10000;
        int year = yy < 80 ? 2000 + yy : 1900 + yy; // GPS time began in 1980
        return epochDay(year, yymmdd / 100 % 100, yymmdd % 100);
    }

    /** Days since 1970-01-01 for a four-digit year (ZDA), or {@link Long#MIN_VALUE} if no date. */
    long epochDay(int year, int month, int dayOfMonth) {
        if (year < 1980 || year > 2179 || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) {
            return Long.MIN_VALUE;
        }
        int key = (year - 1980) * 10000 + month * 100 + dayOfMonth;
        if (key != lastKey) {
            lastEpochDay = compute(year, month, dayOfMonth);
            lastKey = key;
        }
        return lastEpochDay;
    }

    private long compute(int year, int month, int dayOfMonth) {
        long day;
        try {
            day = LocalDate.of(year, month, dayOfMonth).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE; // 31 February and the like
        }
        while (day < pivotEpochDay) {
            day += DAYS_PER_ROLLOVER;
        }
        return day;
    }
}
