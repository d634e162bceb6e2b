package com.bikefleet.hardware.nmea;

import com.bikefleet.hardware.gps.GpsConnection;
import java.io.IOException;
import java.time.LocalDate;

/** A receiver that speaks NMEA over a {@link ByteLink}: bytes in, fixes out through one decoder. */
public final class NmeaConnection implements GpsConnection {

    private final ByteLink link;
    private final NmeaDecoder decoder;
    private final byte[] buffer = new byte[512];
    // Only accessed by the source's thread; the events of the poll in progress.
    private Events events;
    private long goodSentences;

    public NmeaConnection(ByteLink link, LocalDate rolloverPivot) {
        this.link = link;
        this.decoder = new NmeaDecoder(fix -> events.fix(fix), rolloverPivot);
    }

    @Override
    public boolean poll(Events events) throws IOException {
        this.events = events;
        int n = link.read(buffer);
        if (n < 0) {
            decoder.endOfInput();
            return false;
        }
        if (n > 0) {
            decoder.accept(buffer, 0, n);
            NmeaCounters c = decoder.counters();
            long good = c.sentences() - c.badChecksums();
            if (good != goodSentences) {
                goodSentences = good;
                events.heard();
            }
        }
        return true;
    }

    public NmeaCounters counters() {
        return decoder.counters();
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
