package com.bikefleet.hardware.gps;

import com.bikefleet.model.Fix;
import java.io.Closeable;
import java.io.IOException;

/**
 * One open connection to a receiver (a serial port, a gpsd socket, a log file). A connection is one
 * attempt: when it fails, {@link RecoveringSource} closes it and opens a new one after a backoff.
 */
public interface GpsConnection extends Closeable {

    /** What a connection reports while it is polled. */
    interface Events {
        /** The receiver said something that makes sense (a sentence with a good checksum, a gpsd report). */
        void heard();

        /** A valid fix. */
        void fix(Fix fix);
    }

    /**
     * Reads what is available, waiting at most a short while (well under a second) so that silence and
     * {@code close} are noticed. Returns false when the input has ended for good (a log played to its end).
     *
     * @throws IOException when the connection is broken; it will be reopened
     */
    boolean poll(Events events) throws IOException;
}
