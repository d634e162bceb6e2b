package com.bikefleet.hardware.nmea;

import static com.bikefleet.hardware.nmea.Sentences.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmeaDecoderTest {

    private static final String RMC = of("GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W");
    private static final String GGA = of("GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
    private static final String GSA = of("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1");

    private final List<Fix> fixes = new ArrayList<>();
    private final NmeaDecoder decoder = new NmeaDecoder(fixes::add);

    private void feed(String... lines) {
        for (String line : lines) {
            decoder.acceptLine(line);
        }
    }

    private void feedBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        decoder.accept(bytes, 0, bytes.length);
    }

    @Test
    void mergesOneEpochIntoOneFix() {
        feed(RMC, GGA, GSA);
        decoder.endOfInput();

        assertEquals(1, fixes.size());
        Fix fix = fixes.get(0);
        // 1994 is more than 1024 weeks before the default pivot: two rollovers forward.
        assertEquals(LocalDate.of(1994, 3, 23).plusDays(2 * 7168).atTime(12, 35, 19)
                .toInstant(java.time.ZoneOffset.UTC), fix.time());
        assertEquals(48 + 7.038 / 60, fix.latitude(), 1e-9);
        assertEquals(11 + 31.0 / 60, fix.longitude(), 1e-9);
        assertEquals(22.4 * 1852 / 3600, fix.speed(), 1e-9);
        assertEquals(84.4, fix.course(), 1e-9);
        assertEquals(545.4, fix.altitude(), 1e-9);
        assertEquals(0.9, fix.hdop(), 1e-9);
        assertEquals(8, fix.satellites());
        assertEquals(FixType.THREE_D, fix.fixType());
    }

    @Test
    void emitsAtTheLearnedEndOfACycleWithoutWaitingForTheNext() {
        feed(RMC, GGA, GSA);
        feed(of("GPRMC,123520.00,A,4807.040,N,01131.000,E,022.4,084.4,230394,,"),
                of("GPGGA,123520.00,4807.040,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
                of("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"));

        // The first epoch ended when the second began; the second ends at its GSA, as the first did.
        assertEquals(2, fixes.size());
        assertEquals(48 + 7.040 / 60, fixes.get(1).latitude(), 1e-9);
    }

    @Test
    void weekRolloverMovesAnOldDateForwardBy1024Weeks() {
        NmeaDecoder rolled = new NmeaDecoder(fixes::add, LocalDate.of(2019, 1, 1));
        // The Telit module of gpsd's april6_2019 log: 22 Aug 1999 is really 7 Apr 2019.
        rolled.acceptLine(of("GPRMC,000231.42,A,4829.0005,N,00022.0016,E,0.16,212.28,220899,,,A"));
        rolled.acceptLine(of("GPRMC,000231.099,A,4829.0005,N,00022.0015,E,0.15,212.28,2208-1,,,A"));
        rolled.endOfInput();

        assertEquals(Instant.parse("2019-04-07T00:02:31.420Z"), fixes.get(0).time());
        assertEquals(Instant.parse("2019-04-07T00:02:31.099Z"), fixes.get(1).time());
    }

    @Test
    void twoDigitYearsAreThisCentury() {
        NmeaDecoder decoder2020 = new NmeaDecoder(fixes::add, LocalDate.of(2020, 1, 1));
        decoder2020.acceptLine(of("GNRMC,132820.60,A,4134.49821229,N,09345.03351845,W,3.252,92.308,180320,,,D"));
        decoder2020.endOfInput();

        assertEquals(Instant.parse("2020-03-18T13:28:20.600Z"), fixes.get(0).time());
        assertEquals(-(93 + 45.03351845 / 60), fixes.get(0).longitude(), 1e-9);
    }

    @Test
    void ggaWithoutDateTakesTheLatestRmcDateAcrossMidnight() {
        feed(of("GPRMC,235959.00,A,4807.038,N,01131.000,E,0.1,,311225,,"),
                of("GPGGA,000000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
                of("GPGGA,000001.00,4807.039,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));
        decoder.endOfInput();

        assertEquals(List.of(Instant.parse("2025-12-31T23:59:59Z"), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z")), fixes.stream().map(Fix::time).toList());
    }

    @Test
    void aSentenceWithoutTimeIsIgnoredAndDoesNotSpoilTheEpoch() {
        feed(RMC, of("GPRMC,bad"), of("GPGGA,,,,,,0,,,,,,,,"), GGA);
        decoder.endOfInput();

        assertEquals(1, fixes.size());
        assertEquals(2, decoder.counters().ignored());
    }

    @Test
    void ggaWithZdaButNoRmcTakesTheDateFromZda() {
        feed(of("GPGGA,235959.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
                of("GPZDA,235959.00,31,12,2025,00,00"),
                of("GPGGA,000000.00,4807.039,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
                of("GPGGA,000001.00,4807.040,N,01131.000,E,0,00,,,M,,M,,"), // quality 0: no fix
                of("GPZDA,000001.00,01,01,2026,00,00"),
                of("GPGGA,000002.00,4807.041,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));

        // The last epoch is out at once: ZDA does not end a cycle, so its GGA does.
        assertEquals(List.of(Instant.parse("2025-12-31T23:59:59Z"), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:02Z")), fixes.stream().map(Fix::time).toList());
    }

    @Test
    void gllPositionsBetweenRmcsAreFixesWithTheLastDate() {
        feed(of("GPRMC,120000.00,A,4807.038,N,01131.000,E,4.1,45.0,140726,,,A"),
                of("GPGLL,4807.038,N,01131.000,E,120000.00,A,A"),
                of("GPGLL,4807.039,N,01131.000,E,120001.00,A,A"),
                of("GPGLL,4807.040,N,01131.000,E,120002.00,V,N"), // status V: no fix
                of("GPGLL,4807.041,N,01131.000,E,120003.00,A,A"));
        decoder.endOfInput();

        assertEquals(List.of(Instant.parse("2026-07-14T12:00:00Z"), Instant.parse("2026-07-14T12:00:01Z"),
                Instant.parse("2026-07-14T12:00:03Z")), fixes.stream().map(Fix::time).toList());
        assertEquals(48 + 7.041 / 60, fixes.get(2).latitude(), 1e-9);
    }

    @Test
    void theDateIsCarriedAcrossSeveralMidnightsWithoutANewOne() {
        feed(of("GPRMC,120000.00,A,4807.038,N,01131.000,E,,,311225,,"));
        for (String t : List.of("230000", "000000", "110000", "230000", "000000")) {
            feed(of("GPGGA," + t + ".00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));
        }
        decoder.endOfInput();

        assertEquals(List.of("2025-12-31T12:00:00Z", "2025-12-31T23:00:00Z", "2026-01-01T00:00:00Z",
                "2026-01-01T11:00:00Z", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z"),
                fixes.stream().map(f -> f.time().toString()).toList());
    }

    @Test
    void epochsBeforeTheFirstDateGetItWhenItArrives() {
        // A log that starts with a lone GLL just before midnight, then an RMC with the date after it.
        feed(of("GPGLL,4807.038,N,01131.000,E,235959.00,A,A"),
                of("GPRMC,000000.00,A,4807.039,N,01131.000,E,,,010126,,"));
        decoder.endOfInput();

        assertEquals(List.of(Instant.parse("2025-12-31T23:59:59Z"), Instant.parse("2026-01-01T00:00:00Z")),
                fixes.stream().map(Fix::time).toList());
    }

    @Test
    void noDateYetMeansNoFix() {
        feed(GGA);
        decoder.endOfInput();
        assertEquals(List.of(), fixes);
    }

    @Test
    void invalidEpochsGiveNoFix() {
        feed(of("GPRMC,123519.00,V,4807.038,N,01131.000,E,,,230325,,,N"),
                of("GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));
        feed(of("GPRMC,123520.00,A,4807.038,N,01131.000,E,,,230325,,"),
                of("GPGGA,123520.00,4807.038,N,01131.000,E,0,00,,,M,,M,,"));
        feed(of("GPRMC,123521.00,A,,,,,,,230325,,"), of("GPGGA,123521.00,,,,,1,08,0.9,,M,,M,,"));
        feed(of("GPRMC,123522.00,A,4807.038,N,01131.000,E,,,230325,,,N"));
        decoder.endOfInput();

        assertEquals(List.of(), fixes);
    }

    @Test
    void decodesEveryTalkerAndNmea4Fields() {
        feed(of("GNRMC,101010.000,A,5104.0859,N,11405.7387,W,0.09,194.17,090325,,,D,V"),
                of("GBGGA,101011.000,5104.0859,N,11405.7387,W,2,8,0.94,1102.4,M,-17.5,M,,"),
                of("BDGLL,5104.0860,N,11405.7387,W,101012.000,A,A"),
                of("GQGLL,5104.0861,N,11405.7387,W,101013.000,A,D"),
                of("GAGLL,5104.0862,N,11405.7387,W,101014.000,A,A"),
                of("GNGSA,A,2,04,09,16,,,,,,,,,,1.21,0.94,0.76,1"),
                of("GLGLL,5104.0863,N,11405.7387,W,101015.000,A,A"));
        decoder.endOfInput();

        assertEquals(6, fixes.size());
        assertEquals(FixType.TWO_D, fixes.get(5).fixType());
        assertEquals(Instant.parse("2025-03-09T10:10:15Z"), fixes.get(5).time());
    }

    @Test
    void emptyFieldsBecomeNulls() {
        feed(of("GPRMC,123519,A,4807.038,N,01131.000,E,,,230325,,"));
        decoder.endOfInput();

        Fix fix = fixes.get(0);
        assertNull(fix.speed());
        assertNull(fix.course());
        assertNull(fix.altitude());
        assertNull(fix.satellites());
        assertNull(fix.fixType());
    }

    @Test
    void vtgFillsSpeedAndCourseWhenRmcHasNone() {
        feed(of("GPRMC,123519,A,4807.038,N,01131.000,E,,,230325,,"), of("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,A"));
        decoder.endOfInput();

        assertEquals(5.5 * 1852 / 3600, fixes.get(0).speed(), 1e-9);
        assertEquals(54.7, fixes.get(0).course(), 1e-9);
    }

    @Test
    void joinsLinesSplitAcrossReadsAndSkipsNoise() {
        String stream = "\u0000\u00ff\u0013garbage" + RMC.substring(0, 10);
        feedBytes(stream);
        feedBytes(RMC.substring(10) + "\r\n\u0001\u00b5b\u0006" + GGA.substring(0, 30));
        feedBytes(GGA.substring(30) + "\r\n" + GSA + "\r\n");
        decoder.endOfInput();

        assertEquals(1, fixes.size());
        assertEquals(new NmeaCounters(3, 0, 0, 0, 1), decoder.counters());
    }

    @Test
    void countsBadChecksumsUnknownSentencesAndDroppedLines() {
        feed(RMC.substring(0, RMC.length() - 2) + "00", // wrong checksum
                "$GPRMC,123519,A,4807.038,N,01131.000,E,,,230325,,", // no checksum
                of("GPGSV,3,1,12,01,05,060,18,02,17,259,43,04,56,287,28,09,08,019,21"),
                of("PGRME,15.0,M,45.0,M,25.0,M"),
                of("XXRMC,123519,A,4807.038,N,01131.000,E,,,230325,,"));
        feedBytes("$GPGGA,123\u0007519\r\n");

        assertEquals(new NmeaCounters(5, 2, 1, 3, 0), decoder.counters());
    }

    @Test
    void anImplausibleSentenceThatPassesTheChecksumGivesNoFix() {
        feed(of("GPRMC,123519,A,4807.038,N,01131.000,E,999.0,,230325,,"));
        decoder.endOfInput();
        assertEquals(List.of(), fixes);
    }
}
