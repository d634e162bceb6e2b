package com.bikefleet.hardware.serial;

import com.bikefleet.hardware.nmea.ByteLink;
import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A serial device opened with jSerialComm: a Pi 5 UART, a USB dongle, a laptop's port, or a
 * pseudo-terminal. Reads wait at most {@link #READ_TIMEOUT_MS} so that silence and close are noticed.
 */
final class TtyLink implements ByteLink {

    private static final int READ_TIMEOUT_MS = 250;

    private final String device;
    private final SerialPort port;

    TtyLink(String device, int baud) throws IOException {
        this.device = device;
        if (!Files.exists(Path.of(device))) {
            throw new IOException(device + " does not exist (receiver unplugged, or another gps.device?)");
        }
        port = SerialPort.getCommPort(device);
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS, 0);
        if (!port.openPort()) {
            throw new IOException("cannot open " + device + " (error " + port.getLastErrorCode()
                    + "; permission? add the user to the dialout group)");
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        int n = port.readBytes(buffer, buffer.length);
        if (n < 0) {
            throw new IOException(device + " went away (error " + port.getLastErrorCode() + ")");
        }
        return n;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
