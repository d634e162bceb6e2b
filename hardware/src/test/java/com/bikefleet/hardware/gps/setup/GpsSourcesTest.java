package com.bikefleet.hardware.gps.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.setup.GpsSettings.Source;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Each gps.source value gives its source, described with the settings it uses; none is started. */
class GpsSourcesTest {

    private static String describe(GpsSettings.Builder settings) {
        try (GpsSource source = GpsSources.create(settings.build(), Clock.systemUTC())) {
            return source.describe();
        }
    }

    @Test
    void picksTheSourceNamedBySettings() {
        assertEquals("serial /dev/serial0 @ 9600 (Pi4J pigpio-serial)", describe(GpsSettings.builder()));
        assertEquals("tty /dev/ttyACM0 @ 115200",
                describe(GpsSettings.builder().source(Source.TTY).device("/dev/ttyACM0").baud(115200)));
        assertEquals("gpsd gpsd.local:2948",
                describe(GpsSettings.builder().source(Source.GPSD).gpsdHost("gpsd.local").gpsdPort(2948)));
        assertEquals("replay ride.nmea at 10.0x, looping, times re-based", describe(GpsSettings.builder().source(Source.REPLAY)
                .replayFile(Path.of("ride.nmea")).replaySpeed(10).replayLoop(true)));
        assertTrue(describe(GpsSettings.builder().source(Source.SIMULATED)).startsWith("simulated route of "));
    }

    @Test
    void anUnreadableGpxIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpsSources.create(
                GpsSettings.builder().source(Source.SIMULATED).simGpx(Path.of("/nonexistent/route.gpx")).build(),
                Clock.systemUTC()));
        assertEquals("gps.sim.gpx: GPX file /nonexistent/route.gpx does not exist", e.getMessage());
    }
}
