package com.bikefleet.hardware.nmea;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Turns an NMEA two-digit-year date into a day, undoing the GPS week rollover. GPS counts weeks in 10
 * bits, so a receiver whose firmware predates a rollover reports a date exactly 1024 weeks (about 19.6
 * years) too early. No bike reports from before the pivot, so an earlier date is moved forward by 1024
 * weeks until it is not. The system clock cannot decide this: a Raspberry Pi has no real-time clock.
 */
final class WeekRollover {
    // Owned by the decoder's thread.

    static final int DAYS_PER_ROLLOVER = 1024 * 7;

    private final long pivotEpochDay;
    // A receiver repeats one date all day: remember the last answer instead of recomputing it.
    private int lastYymmdd = -1;
    private long lastEpochDay;

    WeekRollover(LocalDate pivot) {
        this.pivotEpochDay = pivot.toEpochDay();
    }

    /** Days since 1970-01-01 for {@code yy*10000 + mm*100 + dd}, or {@link Long#MIN_VALUE} if no date. */
    long epochDay(int yymmdd) {
        if (yymmdd != lastYymmdd) {
            lastEpochDay = compute(yymmdd);
            lastYymmdd = yymmdd;
        }
        return lastEpochDay;
    }

    private long compute(int yymmdd) {
        int yy = yymmdd / 10000;
        int year = yy < 80 ? 2000 + yy : 1900 + yy; // GPS time began in 1980
        long day;
        try {
            day = LocalDate.of(year, yymmdd / 100 % 100, yymmdd % 100).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE; // 31 February and the like
        }
        while (day < pivotEpochDay) {
            day += DAYS_PER_ROLLOVER;
        }
        return day;
    }
}
