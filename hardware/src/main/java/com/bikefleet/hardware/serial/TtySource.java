package com.bikefleet.hardware.serial;

import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.RecoveringSource;
import com.bikefleet.hardware.nmea.NmeaConnection;
import java.time.Duration;
import java.time.LocalDate;

/**
 * {@code gps.source = tty}: NMEA from a serial device through jSerialComm. For a Raspberry Pi 5
 * ({@code /dev/ttyAMA0}), USB receivers ({@code /dev/ttyACM0}, {@code /dev/ttyUSB0}) and laptops; needs no
 * root, only access to the device (the dialout group).
 */
public final class TtySource {

    private TtySource() {
    }

    public static GpsSource create(String device, int baud, Duration silenceTimeout, Backoff backoff,
            LocalDate rolloverPivot) {
        return new RecoveringSource("tty " + device + " @ " + baud, "gps-tty",
                () -> new NmeaConnection(new TtyLink(device, baud), rolloverPivot), silenceTimeout, backoff);
    }
}
