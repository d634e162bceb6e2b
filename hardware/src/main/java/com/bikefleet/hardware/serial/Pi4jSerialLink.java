package com.bikefleet.hardware.serial;

import com.bikefleet.hardware.nmea.ByteLink;
import com.pi4j.context.Context;
import com.pi4j.io.serial.FlowControl;
import com.pi4j.io.serial.Parity;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.StopBits;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.tinylog.Logger;

/**
 * A UART opened through a Pi4J serial provider. Reads never block: the link asks how many bytes are
 * waiting and, when none are, naps for {@link #IDLE_NAP_MS} before saying so.
 */
final class Pi4jSerialLink implements ByteLink {

    static final String IO_ID = "bikefleet-gps";
    private static final long IDLE_NAP_MS = 50;

    private final Context context;
    private final String device;
    private final Serial serial;

    Pi4jSerialLink(Context context, String provider, String device, int baud) throws IOException {
        this.context = context;
        this.device = device;
        try {
            serial = context.create(Serial.newConfigBuilder(context)
                    .id(IO_ID).name("GPS receiver").device(device).baud(baud)
                    .dataBits_8().parity(Parity.NONE).stopBits(StopBits._1).flowControl(FlowControl.NONE)
                    .provider(provider).build());
            if (!serial.isOpen()) {
                serial.open();
            }
        } catch (RuntimeException e) {
            forget();
            throw new IOException("cannot open " + device + " with Pi4J provider " + provider + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            int available = serial.available();
            if (available < 0) {
                throw new IOException(device + " reports an error (" + available + ")");
            }
            if (available == 0) {
                Thread.sleep(IDLE_NAP_MS);
                return 0;
            }
            int n = serial.read(buffer, 0, Math.min(available, buffer.length));
            if (n < 0) {
                throw new IOException(device + " read failed (" + n + ")");
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("closing");
        } catch (RuntimeException e) {
            throw new IOException(device + " read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            serial.close();
        } catch (RuntimeException e) {
            Logger.debug(e, "closing {} failed", device);
        }
        forget();
    }

    /** Removes the serial from Pi4J's registry, so that the next attempt may create it again. */
    private void forget() {
        try {
            if (context.registry().exists(IO_ID)) {
                context.shutdown(IO_ID);
            }
        } catch (RuntimeException e) {
            Logger.debug(e, "Pi4J did not release {}", IO_ID);
        }
    }
}
