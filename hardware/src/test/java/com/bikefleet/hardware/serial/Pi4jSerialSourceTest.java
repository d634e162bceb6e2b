package com.bikefleet.hardware.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.bikefleet.hardware.Await;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.hardware.gps.GpsSource;
import com.bikefleet.hardware.gps.GpsStatus;
import com.bikefleet.hardware.gps.RecordingListener;
import com.bikefleet.hardware.nmea.NmeaDecoder;
import com.bikefleet.model.Fix;
import com.pi4j.io.exception.IONotFoundException;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.serial.Serial;
import com.pi4j.io.serial.SerialConfig;
import com.pi4j.plugin.mock.provider.serial.MockSerial;
import com.pi4j.plugin.mock.provider.serial.MockSerialProvider;
import com.pi4j.plugin.mock.provider.serial.MockSerialProviderImpl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Pi4J serial source on Pi4J's mock platform: bytes written into the mock serial come out as fixes. */
class Pi4jSerialSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Pi4J's MockSerial keeps its bytes in an unsynchronized queue; the test writes from its own thread
     * while the source reads, so the queue is guarded here. It can also be broken, like a UART whose
     * driver fails.
     */
    static final class GuardedMockSerial extends MockSerial {
        volatile boolean broken;

        GuardedMockSerial(com.pi4j.io.serial.SerialProvider provider, SerialConfig config) {
            super(provider, config);
        }

        @Override
        public synchronized int available() {
            if (broken) {
                throw new IllegalStateException("UART driver fault");
            }
            return super.available();
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, length);
        }

        @Override
        public synchronized int write(byte[] data, int offset, int length) {
            return super.write(data, offset, length);
        }
    }

    static final class GuardedMockSerialProvider extends MockSerialProviderImpl {
        @Override
        public Serial create(SerialConfig config) {
            GuardedMockSerial serial = new GuardedMockSerial(this, config);
            context.registry().add(serial); // as every Pi4J provider does
            return serial;
        }
    }

    private static byte[] log() throws IOException {
        try (InputStream in = Pi4jSerialSourceTest.class.getResourceAsStream("/nmea/quectel-L70.log")) {
            return in.readAllBytes();
        }
    }

    /** Waits (bounded) for the source to create its serial, then returns it. */
    private static GuardedMockSerial awaitSerial(Context context, GuardedMockSerial previous) throws Exception {
        GuardedMockSerial[] found = {null};
        Await.until("the source to create a new serial", WAIT, () -> {
            try {
                GuardedMockSerial serial = context.registry().get(Pi4jSerialLink.IO_ID, GuardedMockSerial.class);
                found[0] = serial;
                return serial != previous;
            } catch (IONotFoundException e) {
                // Between the source closing a faulty serial and opening the next: exists() then get() raced it.
                return false;
            }
        });
        return found[0];
    }

    @Test
    void bytesFedIntoTheMockSerialComeOutAsFixesAndAFaultyUartIsReopened() throws Exception {
        Context context = Pi4J.newContextBuilder().add(new GuardedMockSerialProvider()).build();
        RecordingListener listener = new RecordingListener();
        try (GpsSource source = new Pi4jSerialSource(() -> context, MockSerialProvider.ID, "/dev/serial0", 9600,
                Duration.ofSeconds(5), new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new Random(1)),
                NmeaDecoder.DEFAULT_ROLLOVER_PIVOT)) {
            source.start(listener);
            GuardedMockSerial serial = awaitSerial(context, null);
            byte[] log = log();
            serial.write(log, 0, log.length);

            listener.awaitStatus(GpsStatus.FIX, WAIT);
            Fix fix = listener.nextFix(WAIT);
            assertEquals(51 + 4.0859 / 60, fix.latitude(), 1e-9);
            assertEquals(-(114 + 5.7387 / 60), fix.longitude(), 1e-9);

            serial.broken = true;
            assertEquals("/dev/serial0 read failed: UART driver fault",
                    listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail());

            GuardedMockSerial reopened = awaitSerial(context, serial);
            reopened.write(log, 0, log.length);
            listener.awaitStatus(GpsStatus.FIX, WAIT);
            assertEquals(51 + 4.0859 / 60, listener.nextFix(WAIT).latitude(), 1e-9);
        }
    }

    @Test
    void withoutPigpioItSaysWhatToDoInsteadAndKeepsRetrying() throws Exception {
        Path model = Path.of("/proc/device-tree/model");
        assumeFalse(Files.exists(model) && Files.readString(model).contains("Raspberry Pi"),
                "on a Raspberry Pi pigpio may well load");
        RecordingListener listener = new RecordingListener();
        try (GpsSource source = Pi4jSerialSource.create("/dev/serial0", 9600, Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new Random(1)),
                NmeaDecoder.DEFAULT_ROLLOVER_PIVOT)) {
            source.start(listener);
            String detail = listener.awaitStatus(GpsStatus.NO_DATA, WAIT).detail();
            assertTrue(detail.startsWith(Pi4jSerialSource.NEEDS_PIGPIO), detail);
        }
    }
}
