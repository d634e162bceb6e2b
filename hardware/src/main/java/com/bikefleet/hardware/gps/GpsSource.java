package com.bikefleet.hardware.gps;

/**
 * Where fixes come from: a receiver on a serial port, gpsd, a recorded log, or a simulation. The agent
 * knows only this interface.
 *
 * <p>A source owns its own thread: {@link #start} returns at once and the listener is called from the
 * source's thread, one call at a time. A source recovers from its own faults (a port that disappears is
 * reopened with backoff) and never throws into the listener's caller.
 */
public interface GpsSource extends AutoCloseable {

    /** Starts reading; may be called once. */
    void start(GpsListener listener);

    /** Stops reading and releases the device; idempotent. */
    @Override
    void close();

    /** A short description for logs and status, such as {@code serial /dev/serial0 @ 9600}. */
    String describe();
}
