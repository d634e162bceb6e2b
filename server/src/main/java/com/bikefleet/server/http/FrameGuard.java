package com.bikefleet.server.http;

import org.glassfish.grizzly.Buffer;

/**
 * Reads the headers of the WebSocket frames a client sends on one upgraded connection, before Tyrus does,
 * and judges each header as soon as it is complete. Tyrus buffers a frame whole before it looks at its
 * length, so without this a frame above the endpoint's limit was accepted up to the read buffer and failed
 * with 1011 above it, instead of 1009; and it accepts frames a client must not send (unmasked ones).
 *
 * <p>Only headers are copied; payload bytes are skipped by count, so the cost per frame is a few bytes.
 * Owned by the connection's read path: Grizzly hands one connection's reads to one thread at a time.
 */
final class FrameGuard {

    /** What the guard wants done with the connection. */
    record Verdict(int closeCode, String reason) {
    }

    /** Once the guard has closed: the client's close frame arrived, the connection can go. */
    static final Verdict CLIENT_CLOSED = new Verdict(1000, "");

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_BINARY = 0x2;
    private static final int MAX_HEADER = 14;

    private final int maxMessageBytes;
    private final boolean textOnly;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private long payloadLeft;
    private long messageBytes;
    private boolean closing;

    /**
     * @param maxMessageBytes the largest frame payload, and sum of one message's fragments, allowed
     * @param textOnly        whether binary frames are refused (1003); our protocols are JSON text
     */
    FrameGuard(int maxMessageBytes, boolean textOnly) {
        this.maxMessageBytes = maxMessageBytes;
        this.textOnly = textOnly;
    }

    /**
     * Reads the bytes of {@code content} from its position on, leaving the buffer as it was; null when all is
     * well. After a verdict the guard is closing: it skips what follows, frame by frame, until the client's
     * close frame ({@link #CLIENT_CLOSED}), so the client can finish its write and read the close code
     * instead of meeting a reset.
     */
    Verdict inspect(Buffer content) {
        Verdict first = null;
        int i = content.position();
        int end = content.limit();
        while (i < end) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - i);
                i += (int) skip;
                payloadLeft -= skip;
                continue;
            }
            header[headerLength++] = content.get(i++);
            if (headerLength >= 2 && headerLength == headerSize()) {
                headerLength = 0;
                Verdict verdict = judge();
                if (first == null) {
                    first = verdict;
                }
            }
        }
        return first;
    }

    private int headerSize() {
        int length7 = header[1] & 0x7f;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    boolean closing() {
        return closing;
    }

    private Verdict judge() {
        long length = payloadLength();
        payloadLeft = Math.max(0, length);
        if (closing) {
            return (header[0] & 0x0f) == 0x8 ? CLIENT_CLOSED : null;
        }
        Verdict verdict = verdict(length);
        closing = verdict != null;
        return verdict;
    }

    private Verdict verdict(long length) {
        if ((header[1] & 0x80) == 0) {
            return new Verdict(1002, "frames from a client must be masked");
        }
        int opcode = header[0] & 0x0f;
        if (opcode >= 0x8 && length > 125) {
            return new Verdict(1002, "a control frame carries at most 125 bytes");
        }
        if (opcode < 0x8) {
            if (textOnly && opcode == OP_BINARY) {
                return new Verdict(1003, "binary frames are not accepted; send JSON text");
            }
            messageBytes = opcode == OP_CONTINUATION ? messageBytes + Math.max(0, length) : length;
            if (length < 0 || messageBytes > maxMessageBytes) {
                return new Verdict(1009, "message larger than " + maxMessageBytes + " bytes");
            }
        }
        return null;
    }

    /** The payload length; negative when an 8-byte length has its top bit set (not allowed). */
    private long payloadLength() {
        int length7 = header[1] & 0x7f;
        if (length7 == 126) {
            return (header[2] & 0xffL) << 8 | (header[3] & 0xffL);
        }
        if (length7 == 127) {
            long value = 0;
            for (int i = 2; i < 10; i++) {
                value = value << 8 | (header[i] & 0xffL);
            }
            return value;
        }
        return length7;
    }
}
