package com.bikefleet.hardware.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NmeaLogToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path file) {
        return new NmeaLogTool().run(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsOneJsonObjectPerFixAndASummary() throws IOException {
        Path log = dir.resolve("ride.nmea");
        Files.writeString(log, String.join("\r\n",
                "# a comment",
                Sentences.of("GPRMC,101112.00,A,5000.000,N,00800.000,E,10.0,90.0,010326,,,A"),
                Sentences.of("GPGGA,101112.00,5000.000,N,00800.000,E,1,07,1.2,99.5,M,47.0,M,,"),
                Sentences.of("GPGSA,A,3,01,02,03,04,,,,,,,,,2.0,1.2,1.6"),
                "$GPRMC,bad*01",
                Sentences.of("GPRMC,101113.00,A,5000.001,N,00800.000,E,10.0,90.0,010326,,,A"),
                ""));

        assertEquals(0, run(log));

        List<String> lines = outLines();
        assertEquals(2, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("2026-03-01T10:11:12Z", first.get("time").getAsString());
        assertEquals(50.0, first.get("lat").getAsDouble(), 1e-9);
        assertEquals(8.0, first.get("lon").getAsDouble(), 1e-9);
        assertEquals(10.0 * 1852 / 3600, first.get("speed").getAsDouble(), 1e-9);
        assertEquals(90.0, first.get("course").getAsDouble(), 1e-9);
        assertEquals(99.5, first.get("alt").getAsDouble(), 1e-9);
        assertEquals(1.2, first.get("hdop").getAsDouble(), 1e-9);
        assertEquals(7, first.get("sats").getAsInt());
        assertEquals("3d", first.get("fix").getAsString());
        assertEquals(ride(log) + ": 5 sentences read, 1 bad checksums, 0 dropped lines, 0 ignored, 2 fixes",
                err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void anyContentHoweverBrokenReturnsZero() throws IOException {
        byte[] noise = new byte[100_000];
        new Random(5).nextBytes(noise);
        Path log = dir.resolve("noise.bin");
        Files.write(log, noise);

        assertEquals(0, run(log));
        assertEquals(List.of(), outLines());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("0 fixes"));
    }

    @Test
    void anUnreadableFileReturnsTwoWithAClearMessage() {
        assertEquals(2, run(dir.resolve("missing.nmea")));
        assertEquals("cannot read " + dir.resolve("missing.nmea") + ": no such file",
                err.toString(StandardCharsets.UTF_8).strip());

        err.reset();
        assertEquals(2, run(dir));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("cannot read " + dir + ": "));
    }

    @Test
    void decodesARealReceiverLog() throws IOException {
        Path log = dir.resolve("neo-m8n.log");
        Files.write(log, GpsdFixtureTest.resource("neo-m8n.log"));

        assertEquals(0, run(log));
        // 23 epochs gpsd reports, plus the one the log is cut in (flushed at the end of the file).
        assertEquals(24, outLines().size());
    }

    /** The logs' true dates: a recorded log keeps its year; only a rolled-over receiver's date moves. */
    @ParameterizedTest
    @CsvSource({"neo-m8n, 2015-03-18T17:19:25Z", "haicom-305N, 2007-04-08T09:53:04.802Z",
            "bu353-glonass, 2014-05-26T08:14:11Z", "quectel-L70, 2022-03-09T15:01:19Z",
            "april6_2019, 2019-04-07T00:02:31.099Z", "zda-gga, 2025-12-31T23:59:55Z"})
    void printsTheLogsTrueDates(String name, String firstTime) throws IOException {
        Path log = dir.resolve(name + ".log");
        Files.write(log, GpsdFixtureTest.resource(name + ".log"));

        assertEquals(0, run(log));
        assertEquals(firstTime, JsonParser.parseString(outLines().get(0)).getAsJsonObject().get("time").getAsString());
    }

    private static String ride(Path log) {
        return log.toString();
    }
}
