package com.bikefleet.hardware.nmea;

import com.bikefleet.model.Fix;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For people holding a recorded NMEA log: decodes it with the same decoder the bike runs and prints one
 * JSON object per fix, with the log's true dates ({@link NmeaDecoder#RECORDED_ROLLOVER_PIVOT}), on
 * {@code out} and a summary on {@code err}. The agent's {@code nmea FILE} command
 * calls {@link #run}.
 */
public final class NmeaLogTool {

    public static final int OK = 0;
    public static final int CANNOT_READ = 2;

    /**
     * Decodes {@code file}. Returns {@link #OK} on any content however broken, {@link #CANNOT_READ}
     * (with a message on {@code err}) when the file cannot be read.
     */
    public int run(Path file, PrintStream out, PrintStream err) {
        // A log's true dates: a recorded log is not moved forward like a live receiver's date would be.
        NmeaDecoder decoder = new NmeaDecoder(fix -> out.println(toJson(fix)), NmeaDecoder.RECORDED_ROLLOVER_PIVOT);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                decoder.accept(buffer, 0, n);
            }
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + describe(e));
            return CANNOT_READ;
        }
        decoder.endOfInput();
        NmeaCounters c = decoder.counters();
        err.printf("%s: %d sentences read, %d bad checksums, %d dropped lines, %d ignored, %d fixes%n",
                file, c.sentences(), c.badChecksums(), c.dropped(), c.ignored(), c.fixes());
        return OK;
    }

    static String toJson(Fix fix) {
        JsonObject o = new JsonObject();
        o.addProperty("time", fix.time().toString());
        o.addProperty("lat", fix.latitude());
        o.addProperty("lon", fix.longitude());
        if (fix.speed() != null) {
            o.addProperty("speed", fix.speed());
        }
        if (fix.course() != null) {
            o.addProperty("course", fix.course());
        }
        if (fix.altitude() != null) {
            o.addProperty("alt", fix.altitude());
        }
        if (fix.hdop() != null) {
            o.addProperty("hdop", fix.hdop());
        }
        if (fix.satellites() != null) {
            o.addProperty("sats", fix.satellites());
        }
        if (fix.fixType() != null) {
            o.addProperty("fix", fix.fixType().wireName());
        }
        return o.toString();
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
