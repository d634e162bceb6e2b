package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bike-agent.jar nmea FILE} as a technician runs it. */
class NmeaCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run nmea(Path file) throws Exception {
        Process p = new ProcessBuilder(Jars.java(), "-jar", Jars.agent().toString(), "nmea", file.toString())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void printsOneJsonObjectPerFixAndASummary() throws Exception {
        Path log = dir.resolve("ride.nmea");
        Files.write(log, List.of(
                "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
                "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
                "$GPRMC,123520,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B",
                "garbage \u0001\u0002 not a sentence",
                "$GPGGA,123520,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00"));

        Run run = nmea(log);

        assertEquals(0, run.exit(), run.err());
        String firstLine = run.out().lines().findFirst().orElseThrow();
        JsonObject fix = JsonParser.parseString(firstLine).getAsJsonObject();
        assertEquals(48.1173, fix.get("lat").getAsDouble(), 1e-6);
        assertEquals(11.516666, fix.get("lon").getAsDouble(), 1e-6);
        assertTrue(fix.get("time").getAsString().endsWith("12:35:19Z"), firstLine);
        assertTrue(run.err().toLowerCase().contains("checksum"), run.err());
    }

    @Test
    void exitsWith2WhenTheFileCannotBeRead() throws Exception {
        Run run = nmea(dir.resolve("missing.nmea"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("missing.nmea"), run.err());
    }
}
