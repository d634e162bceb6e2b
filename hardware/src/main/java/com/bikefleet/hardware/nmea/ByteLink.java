package com.bikefleet.hardware.nmea;

import java.io.Closeable;
import java.io.IOException;

/** Raw bytes from a receiver: a serial port, a tty. */
public interface ByteLink extends Closeable {

    /**
     * Reads up to {@code buffer.length} bytes, waiting at most briefly (well under a second). Returns
     * the count, 0 when nothing arrived, -1 when the input has ended.
     */
    int read(byte[] buffer) throws IOException;
}
