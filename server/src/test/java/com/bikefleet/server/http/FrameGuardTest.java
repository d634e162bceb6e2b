package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

/** Frame headers judged wherever the reads split them. */
class FrameGuardTest {

    private static final int LIMIT = 1000;

    @Test
    void framesWithinTheLimitPassHoweverTheReadsSplitThem() {
        byte[] stream = concat(frame(0x1, LIMIT, true, true), frame(0x1, 200, true, true), frame(0x9, 5, true, true),
                frame(0x1, 0, true, true));
        for (int chunk : new int[] {1, 2, 3, 7, 13, 500, stream.length}) {
            FrameGuard guard = new FrameGuard(LIMIT, true);
            for (int i = 0; i < stream.length; i += chunk) {
                assertNull(guard.inspect(slice(stream, i, Math.min(stream.length, i + chunk))), "chunk " + chunk);
            }
        }
    }

    @Test
    void oneByteOverTheLimitIs1009EvenInA64BitLength() {
        assertEquals(1009, new FrameGuard(LIMIT, true).inspect(wrap(frame(0x1, LIMIT + 1, true, true))).closeCode());
        byte[] huge = {(byte) 0x81, (byte) (0x80 | 127), 0x7f, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertEquals(1009, new FrameGuard(LIMIT, true).inspect(wrap(huge)).closeCode());
        byte[] negative = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertEquals(1009, new FrameGuard(LIMIT, true).inspect(wrap(negative)).closeCode());
    }

    @Test
    void fragmentsCountTogether() {
        FrameGuard guard = new FrameGuard(LIMIT, true);
        assertNull(guard.inspect(wrap(frame(0x1, 600, true, false))));
        assertEquals(1009, guard.inspect(wrap(frame(0x0, 401, true, true))).closeCode());
    }

    @Test
    void unmaskedBinaryAndLongControlFramesAreRefused() {
        assertEquals(1002, new FrameGuard(LIMIT, true).inspect(wrap(frame(0x1, 10, false, true))).closeCode());
        assertEquals(1003, new FrameGuard(LIMIT, true).inspect(wrap(frame(0x2, 1, true, true))).closeCode());
        assertNull(new FrameGuard(LIMIT, false).inspect(wrap(frame(0x2, 1, true, true))));
        assertEquals(1002, new FrameGuard(LIMIT, true).inspect(wrap(frame(0x9, 126, true, true))).closeCode());
    }

    @Test
    void afterAVerdictItSkipsUntilTheClientsCloseFrame() {
        FrameGuard guard = new FrameGuard(LIMIT, true);
        assertEquals(1009, guard.inspect(wrap(frame(0x1, LIMIT + 1, true, true))).closeCode());
        assertNull(guard.inspect(wrap(frame(0x1, 5, true, true))));
        assertEquals(FrameGuard.CLIENT_CLOSED, guard.inspect(wrap(frame(0x8, 2, true, true))));
    }

    private static byte[] frame(int opcode, int length, boolean masked, boolean fin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(mask | length);
        } else if (length < 65536) {
            out.write(mask | 126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
        if (masked) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        out.writeBytes(new byte[length]);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Buffer slice(byte[] bytes, int from, int to) {
        return wrap(java.util.Arrays.copyOfRange(bytes, from, to));
    }

    private static Buffer wrap(byte[] bytes) {
        return Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, bytes);
    }
}
