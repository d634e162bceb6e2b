package com.bikefleet.hardware.serial;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsListener;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.RecoveringSource;
import com.bikefleet.hardware.nmea.NmeaConnection;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.library.pigpio.PiGpio;
import com.pi4j.plugin.pigpio.provider.serial.PiGpioSerialProvider;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * {@code gps.source = serial}: NMEA from a Raspberry Pi 1-4 UART through Pi4J's pigpio serial provider
 * (needs root). Where pigpio cannot load (a Pi 5, a laptop) the source says so once, in words, and keeps
 * retrying with backoff rather than failing the agent.
 */
public final class Pi4jSerialSource implements GpsSource {

    static final String NEEDS_PIGPIO = "Pi4J serial needs pigpio (Raspberry Pi 1-4, run as root); "
            + "use gps.source = tty on a Pi 5, USB dongle or laptop";

    private final RecoveringSource loop;
    private final Supplier<Context> contexts;
    // Guarded by this: created on the source's thread at the first attempt, shut down by close().
    private Context context;

    /** The production source: a Pi4J context holding only the pigpio serial provider. */
    public static Pi4jSerialSource create(String device, int baud, Duration silenceTimeout, Backoff backoff,
            LocalDate rolloverPivot) {
        Supplier<Context> pigpio = () -> Pi4J.newContextBuilder()
                .add(PiGpioSerialProvider.newInstance(PiGpio.newNativeInstance()))
                .build();
        return new Pi4jSerialSource(pigpio, PiGpioSerialProvider.ID, device, baud, silenceTimeout, backoff,
                rolloverPivot);
    }

    /** A source on any Pi4J context and serial provider, such as Pi4J's mock platform in tests. */
    public Pi4jSerialSource(Supplier<Context> contexts, String provider, String device, int baud,
            Duration silenceTimeout, Backoff backoff, LocalDate rolloverPivot) {
        this.contexts = contexts;
        this.loop = new RecoveringSource("serial " + device + " @ " + baud + " (Pi4J " + provider + ")", "gps-serial",
                () -> new NmeaConnection(open(provider, device, baud), rolloverPivot), silenceTimeout, backoff);
    }

    private Pi4jSerialLink open(String provider, String device, int baud) throws IOException {
        try {
            return new Pi4jSerialLink(context(), provider, device, baud);
        } catch (LinkageError e) {
            // On anything but a Pi 1-4 the pigpio native library fails to load when the first device is made.
            throw new IOException(NEEDS_PIGPIO + " [" + e + "]", e);
        } catch (IOException e) {
            if (rootCauseIsLinkage(e)) {
                throw new IOException(NEEDS_PIGPIO + " [" + e.getMessage() + "]", e);
            }
            throw e;
        }
    }

    private synchronized Context context() {
        if (context == null) {
            context = contexts.get();
        }
        return context;
    }

    private static boolean rootCauseIsLinkage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start(GpsListener listener) {
        loop.start(listener);
    }

    @Override
    public void close() {
        loop.close();
        Context c;
        synchronized (this) {
            c = context;
            context = null;
        }
        if (c != null) {
            try {
                c.shutdown();
            } catch (RuntimeException e) {
                Logger.debug(e, "Pi4J context shutdown failed");
            }
        }
    }

    @Override
    public String describe() {
        return loop.describe();
    }
}
