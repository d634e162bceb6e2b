package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WsWireTest {

    @Test
    void isoTimesGoOutWithMillisecondsAndComeBackAsTheServerWritesThem() {
        WsWire.Clock clock = new WsWire.Clock();
        byte[] a = new byte[40];
        for (long millis : new long[] {1_714_558_530_000L, 1_714_558_530_250L, 951_782_400_007L, 4_102_444_799_999L}) {
            int end = clock.putIso(a, 3, millis);
            assertEquals(27, end);
            String text = new String(a, 3, 24, StandardCharsets.US_ASCII);
            assertEquals(millis, Instant.parse(text).toEpochMilli(), text);
            assertEquals(millis, WsWire.parseIsoMillis(a, 3, end));
            byte[] server = Instant.ofEpochMilli(millis).toString().getBytes(StandardCharsets.US_ASCII);
            assertEquals(millis, WsWire.parseIsoMillis(server, 0, server.length), Instant.ofEpochMilli(millis).toString());
        }
        byte[] micros = "2024-05-01T10:15:30.250999Z".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Instant.parse("2024-05-01T10:15:30.250Z").toEpochMilli(), WsWire.parseIsoMillis(micros, 0, micros.length));
        byte[] bad = "2024-05-01 10:15:30Z".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, WsWire.parseIsoMillis(bad, 0, bad.length));
    }

    @Test
    void textFramesAreMaskedWithTheRightLength() {
        for (int length : new int[] {0, 125, 126, 65_535, 65_536}) {
            byte[] a = new byte[WsWire.HEADER_ROOM + length];
            int start = WsWire.textFrameHeader(a, a.length);
            assertEquals((byte) 0x81, a[start]);
            int header = WsWire.HEADER_ROOM - start;
            int declared = a[start + 1] & 0x7F;
            long actual = declared < 126 ? declared : declared == 126
                    ? (a[start + 2] & 0xFF) << 8 | (a[start + 3] & 0xFF) : java.nio.ByteBuffer.wrap(a, start + 2, 8).getLong();
            assertEquals(length, actual);
            assertEquals(0x80, a[start + 1] & 0x80, "masked");
            assertEquals(length < 126 ? 6 : length < 65_536 ? 8 : 14, header);
        }
        assertArrayEquals(new byte[] {(byte) 0x8A, (byte) 0x81, 0, 0, 0, 0, 'x'}, WsWire.frame(10, new byte[] {'x'}));
    }

    @Test
    void numbersAndPatterns() {
        byte[] a = new byte[30];
        int end = WsWire.putLong(a, 0, 9_223_372_036_854_775_807L);
        assertEquals("9223372036854775807", new String(a, 0, end, StandardCharsets.US_ASCII));
        assertEquals(9_223_372_036_854_775_807L, WsWire.readLong(a, 0, end));
        assertEquals(1, WsWire.putLong(a, 0, 0));
        byte[] text = "{\"type\":\"ack\",\"seq\":42}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(14, WsWire.indexOf(text, 0, text.length, WsWire.ascii("\"seq\":")));
        assertEquals(-1, WsWire.indexOf(text, 0, text.length, WsWire.ascii("\"floor\":")));
    }
}
