package com.bikefleet.hardware.nmea;

/**
 * Stage 1: cuts a byte stream into candidate sentences. A sentence starts at {@code $} and ends at CR or
 * LF, so a line split across reads is joined and bytes between lines are skipped. A line broken by a
 * non-printable byte, a new {@code $} or excessive length is dropped and counted.
 *
 * <p>Owned by one reader thread. The delivered buffer is reused: a handler must not keep it.
 */
final class LineAssembler {

    /** Receives each complete line (without CR/LF) and each dropped one. */
    interface LineHandler {
        void onLine(char[] line, int length);

        void onDroppedLine();
    }

    /** NMEA allows 82 characters; a few receivers write longer lines with high-precision fields. */
    static final int MAX_LINE = 160;

    private final char[] line = new char[MAX_LINE];
    private final LineHandler handler;
    private int length = -1; // -1: between lines, waiting for '$'

    LineAssembler(LineHandler handler) {
        this.handler = handler;
    }

    void accept(byte[] bytes, int offset, int count) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            accept(bytes[i]);
        }
    }

    void accept(byte b) {
        if (b == '$') {
            if (length > 0) {
                handler.onDroppedLine(); // a line cut short by the next one
            }
            line[0] = '$';
            length = 1;
        } else if (length < 0) {
            return; // noise between lines
        } else if (b == '\r' || b == '\n') {
            handler.onLine(line, length);
            length = -1;
        } else if (b < 0x20 || b > 0x7e || length == MAX_LINE) {
            handler.onDroppedLine();
            length = -1;
        } else {
            line[length++] = (char) b;
        }
    }

    /** Forgets a partial line, as when a port is reopened. */
    void reset() {
        length = -1;
    }
}
