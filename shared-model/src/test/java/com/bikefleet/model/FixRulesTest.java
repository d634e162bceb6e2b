package com.bikefleet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FixRulesTest {

    private static final Instant TIME = Instant.parse("2024-05-01T10:15:30Z");

    private static Fix fix(Instant time, double lat, double lon, Double speed, Double course, Double alt,
                           Double hdop, Integer sats) {
        return new Fix(time, lat, lon, speed, course, alt, hdop, sats, FixType.THREE_D);
    }

    private static Fix good() {
        return fix(TIME, 52.52, 13.40, 5.0, 90.0, 34.0, 0.9, 9);
    }

    static Stream<Arguments> badFixes() {
        return Stream.of(
                Arguments.of("time before 2000", fix(Instant.parse("1999-12-31T23:59:59Z"), 52.52, 13.40, null, null, null, null, null),
                        "time 1999-12-31T23:59:59Z is before 2000-01-01T00:00:00Z"),
                Arguments.of("GPS epoch time", fix(Instant.parse("1980-01-06T00:00:00Z"), 52.52, 13.40, null, null, null, null, null),
                        "time 1980-01-06T00:00:00Z is before 2000-01-01T00:00:00Z"),
                Arguments.of("time at 2100, past the protocol's times", fix(Instant.parse("2100-01-01T00:00:00Z"), 52.52, 13.40,
                        null, null, null, null, null), "time 2100-01-01T00:00:00Z is not before 2100-01-01T00:00:00Z"),
                Arguments.of("lat above 90", fix(TIME, 90.5, 13.40, null, null, null, null, null), "lat 90.5 is outside -90..90"),
                Arguments.of("lat below -90", fix(TIME, -91.0, 13.40, null, null, null, null, null), "lat -91.0 is outside -90..90"),
                Arguments.of("lat NaN", fix(TIME, Double.NaN, 13.40, null, null, null, null, null), "lat NaN is outside -90..90"),
                Arguments.of("lon above 180", fix(TIME, 52.52, 180.000001, null, null, null, null, null), "lon 180.000001 is outside -180..180"),
                Arguments.of("lon below -180", fix(TIME, 52.52, -200.0, null, null, null, null, null), "lon -200.0 is outside -180..180"),
                Arguments.of("lon infinite", fix(TIME, 52.52, Double.POSITIVE_INFINITY, null, null, null, null, null),
                        "lon Infinity is outside -180..180"),
                Arguments.of("speed negative", fix(TIME, 52.52, 13.40, -0.1, null, null, null, null), "speed -0.1 is outside 0..100.0 m/s"),
                Arguments.of("speed too high", fix(TIME, 52.52, 13.40, 100.5, null, null, null, null), "speed 100.5 is outside 0..100.0 m/s"),
                Arguments.of("speed NaN", fix(TIME, 52.52, 13.40, Double.NaN, null, null, null, null), "speed NaN is outside 0..100.0 m/s"),
                Arguments.of("course 360", fix(TIME, 52.52, 13.40, null, 360.0, null, null, null), "course 360.0 is outside 0..360"),
                Arguments.of("course negative", fix(TIME, 52.52, 13.40, null, -1.0, null, null, null), "course -1.0 is outside 0..360"),
                Arguments.of("alt too low", fix(TIME, 52.52, 13.40, null, null, -1000.5, null, null), "alt -1000.5 is outside -1000..20000 m"),
                Arguments.of("alt too high", fix(TIME, 52.52, 13.40, null, null, 20001.0, null, null), "alt 20001.0 is outside -1000..20000 m"),
                Arguments.of("hdop negative", fix(TIME, 52.52, 13.40, null, null, null, -0.5, null), "hdop -0.5 is outside 0..100"),
                Arguments.of("hdop too high", fix(TIME, 52.52, 13.40, null, null, null, 100.1, null), "hdop 100.1 is outside 0..100"),
                Arguments.of("sats negative", fix(TIME, 52.52, 13.40, null, null, null, null, -1), "sats -1 is outside 0..255"),
                Arguments.of("sats too many", fix(TIME, 52.52, 13.40, null, null, null, null, 256), "sats 256 is outside 0..255"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badFixes")
    void eachRuleNamesTheOffendingValue(String caseName, Fix fix, String expected) {
        assertEquals(expected, FixRules.problems(fix), caseName);
    }

    @Test
    void aFixWithSeveralProblemsNamesAllOfThemInOneString() {
        Fix bad = fix(Instant.parse("1999-01-01T00:00:00Z"), 95.0, -181.0, 150.0, 360.0, 25000.0, 200.0, 300);
        String problems = FixRules.problems(bad);
        assertNotNull(problems);
        assertEquals("time 1999-01-01T00:00:00Z is before 2000-01-01T00:00:00Z; lat 95.0 is outside -90..90; "
                + "lon -181.0 is outside -180..180; speed 150.0 is outside 0..100.0 m/s; course 360.0 is outside 0..360; "
                + "alt 25000.0 is outside -1000..20000 m; hdop 200.0 is outside 0..100; sats 300 is outside 0..255",
                problems);
    }

    @Test
    void twoProblemsAreSeparatedBySemicolon() {
        String problems = FixRules.problems(fix(TIME, Double.NaN, 13.40, -2.0, null, null, null, null));
        assertEquals("lat NaN is outside -90..90; speed -2.0 is outside 0..100.0 m/s", problems);
        assertTrue(problems.contains("; "));
    }

    @Test
    void aGoodFixYieldsNull() {
        assertNull(FixRules.problems(good()));
    }

    @Test
    void aFixWithOnlyTheMandatoryValuesYieldsNull() {
        assertNull(FixRules.problems(Fix.of(TIME, -34.6, -58.4)));
    }

    static Stream<Arguments> boundaryFixes() {
        return Stream.of(
                Arguments.of("time exactly 2000-01-01", fix(FixRules.EARLIEST_FIX_TIME, 0, 0, null, null, null, null, null)),
                Arguments.of("time just before 2100", fix(Instant.parse("2099-12-31T23:59:59.999Z"), 0, 0, null, null, null, null, null)),
                Arguments.of("lat 90 and lon 180", fix(TIME, 90.0, 180.0, null, null, null, null, null)),
                Arguments.of("lat -90 and lon -180", fix(TIME, -90.0, -180.0, null, null, null, null, null)),
                Arguments.of("standing still", fix(TIME, 52.52, 13.40, 0.0, 0.0, null, null, null)),
                Arguments.of("speed exactly 100 m/s", fix(TIME, 52.52, 13.40, FixRules.MAX_SPEED_MPS, null, null, null, null)),
                Arguments.of("course just under 360", fix(TIME, 52.52, 13.40, null, 359.99, null, null, null)),
                Arguments.of("alt -1000 and hdop 0 and sats 0", fix(TIME, 52.52, 13.40, null, null, -1000.0, 0.0, 0)),
                Arguments.of("alt 20000 and hdop 100 and sats 255", fix(TIME, 52.52, 13.40, null, null, 20000.0, 100.0, 255)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("boundaryFixes")
    void valuesOnTheBoundaryAreAccepted(String caseName, Fix fix) {
        assertNull(FixRules.problems(fix), caseName);
    }
}
