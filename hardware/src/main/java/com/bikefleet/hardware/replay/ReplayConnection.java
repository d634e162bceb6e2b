package com.bikefleet.hardware.replay;

import com.bikefleet.hardware.gps.GpsConnection;
import com.bikefleet.hardware.nmea.NmeaCounters;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import com.bikefleet.model.Fix;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;

/**
 * Plays a recorded NMEA log through the decoder, like gpsd's gpsfake: each fix is released when its GPS
 * time, relative to the first fix, has passed on the monotonic clock divided by the speed factor (0 = as
 * fast as possible). When looping, each pass is shifted forward in time so that fix times keep growing.
 *
 * <p>By default the times are re-based: the first fix is stamped with the present, read once from the
 * clock when it is played, and every later fix keeps its distance to the first. That is the one place
 * the agent reads the system clock for a fix time, and only because a replay is a test: a recorded log
 * from 2015 would otherwise arrive at the server as nine years old. Live receivers are never re-based.
 *
 * <p>Owned by the source's thread.
 */
final class ReplayConnection implements GpsConnection {

    /** Between the end of one pass and the start of the next, as between two epochs. */
    private static final Duration LOOP_GAP = Duration.ofSeconds(1);

    private final Path file;
    private final double speed;
    private final boolean loop;
    private final Pacer pacer;
    private final LocalDate rolloverPivot;
    private final Clock rebaseOnto; // null: the recorded times
    private NmeaDecoder decoder; // one per pass: a pass must not inherit the date the previous one ended with
    private final ArrayDeque<Fix> decoded = new ArrayDeque<>();
    private final byte[] buffer = new byte[512];
    private InputStream in;
    private long goodSentences;

    private Instant firstTime;   // the first fix's time as delivered, the origin of the pacing
    private long startNanos;
    private Duration shift = Duration.ZERO;  // added to this pass's times
    private Instant passFirst;   // this pass's first and last fix times, before the shift
    private Instant passLast;

    ReplayConnection(Path file, double speed, boolean loop, Pacer pacer, LocalDate rolloverPivot, Clock rebaseOnto)
            throws IOException {
        this.rebaseOnto = rebaseOnto;
        this.file = file;
        this.speed = speed;
        this.loop = loop;
        this.pacer = pacer;
        this.rolloverPivot = rolloverPivot;
        this.decoder = new NmeaDecoder(decoded::add, rolloverPivot);
        this.in = open(file);
    }

    @Override
    public boolean poll(Events events) throws IOException {
        int n = in.read(buffer);
        if (n > 0) {
            decoder.accept(buffer, 0, n);
            NmeaCounters c = decoder.counters();
            if (c.sentences() - c.badChecksums() != goodSentences) {
                goodSentences = c.sentences() - c.badChecksums();
                events.heard();
            }
            deliver(events);
            return true;
        }
        if (n == 0) {
            return true;
        }
        decoder.endOfInput();
        deliver(events);
        if (!loop) {
            return false;
        }
        rewind();
        return true;
    }

    private void rewind() throws IOException {
        in.close();
        if (passFirst == null) {
            // A log without a single fix: do not spin through it as fast as the disk allows.
            sleepUntil(pacer.nanoTime() + LOOP_GAP.toNanos());
        } else {
            shift = shift.plus(Duration.between(passFirst, passLast)).plus(LOOP_GAP);
        }
        passFirst = null;
        passLast = null;
        goodSentences = 0;
        decoder = new NmeaDecoder(decoded::add, rolloverPivot);
        in = open(file);
    }

    private void deliver(Events events) throws IOException {
        for (Fix fix = decoded.poll(); fix != null; fix = decoded.poll()) {
            if (passFirst == null) {
                passFirst = fix.time();
            }
            passLast = fix.time();
            if (rebaseOnto != null && firstTime == null) {
                // The first fix of the replay maps to now; millisecond precision, as fixes travel.
                shift = Duration.between(fix.time(), rebaseOnto.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            }
            Fix shifted = shift.isZero() ? fix : withTime(fix, fix.time().plus(shift));
            pace(shifted.time());
            events.fix(shifted);
        }
    }

    private void pace(Instant time) throws IOException {
        if (firstTime == null) {
            firstTime = time;
            startNanos = pacer.nanoTime();
        }
        if (speed <= 0) {
            return;
        }
        long sinceFirst = Duration.between(firstTime, time).toNanos();
        if (sinceFirst > 0) { // a log that jumps back in time plays on at once
            sleepUntil(startNanos + (long) (sinceFirst / speed));
        }
    }

    private void sleepUntil(long deadline) throws IOException {
        try {
            pacer.sleepUntil(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("replay interrupted");
        }
    }

    private static Fix withTime(Fix f, Instant time) {
        return new Fix(time, f.latitude(), f.longitude(), f.speed(), f.course(), f.altitude(), f.hdop(),
                f.satellites(), f.fixType());
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException("replay file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot read replay file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
