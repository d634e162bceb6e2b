package com.bikefleet.hardware.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WeekRolloverTest {

    private static LocalDate decode(LocalDate pivot, LocalDate reported) {
        return LocalDate.ofEpochDay(new WeekRollover(pivot)
                .epochDay(reported.getYear(), reported.getMonthValue(), reported.getDayOfMonth()));
    }

    @Test
    void theRecordedPivotIs1024WeeksBeforeTheLiveOnePlusAYear() {
        assertEquals(LocalDate.of(2005, 5, 16), NmeaDecoder.RECORDED_ROLLOVER_PIVOT);
    }

    /** A recorded log keeps its dates, except in the window a rolled-over old-firmware receiver reports. */
    @ParameterizedTest
    @CsvSource({
            "1999-08-22, 2019-04-07",  // the Telit of april6_2019: the day after the April 2019 rollover
            "2005-05-15, 2024-12-29",  // the last day that moves
            "2005-05-16, 2005-05-16",  // the first day that stays
            "2007-04-08, 2007-04-08",  // haicom-305N, recorded in 2007
            "2015-03-18, 2015-03-18",  // neo-m8n, recorded in 2015 (was 2034 under the live rule)
            "2023-12-31, 2023-12-31",  // a recent recording
            "2026-12-05, 2026-12-05"})
    void recordedLogs(LocalDate reported, LocalDate expected) {
        assertEquals(expected, decode(NmeaDecoder.RECORDED_ROLLOVER_PIVOT, reported));
    }

    /** A live receiver reports today, and today is after the pivot: anything earlier is a rollover. */
    @ParameterizedTest
    @CsvSource({
            "2007-04-21, 2026-12-05",  // a receiver that rolled over in April 2019, on 5 Dec 2026
            "2023-12-31, 2043-08-16",  // the last day that moves
            "2024-01-01, 2024-01-01",  // the first day that stays
            "2026-12-05, 2026-12-05"})
    void liveReceivers(LocalDate reported, LocalDate expected) {
        assertEquals(expected, decode(NmeaDecoder.DEFAULT_ROLLOVER_PIVOT, reported));
    }

    @Test
    void twoDigitYearsAndImpossibleDates() {
        WeekRollover rollover = new WeekRollover(NmeaDecoder.RECORDED_ROLLOVER_PIVOT);
        assertEquals(LocalDate.of(2015, 3, 18).toEpochDay(), rollover.epochDay(150318));
        assertEquals(LocalDate.of(2019, 4, 7).toEpochDay(), rollover.epochDay(990822)); // 1999 -> 2019
        assertEquals(Long.MIN_VALUE, rollover.epochDay(150231));
        assertEquals(Long.MIN_VALUE, rollover.epochDay(2015, 13, 1));
        assertEquals(Long.MIN_VALUE, rollover.epochDay(1979, 12, 31));
    }
}
