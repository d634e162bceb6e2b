package com.bikefleet.hardware.nmea;

/** Stage 2: the NMEA checksum, the XOR of every character between {@code $} and {@code *}. */
final class Checksum {

    private Checksum() {
    }

    /**
     * Returns the index of the {@code *} when the line ends in a correct two-digit checksum, else -1.
     * A line without a checksum counts as bad: on a serial line nothing else tells noise from data.
     */
    static int payloadEnd(char[] line, int length) {
        int star = length - 3;
        if (star < 1 || line[0] != '$' || line[star] != '*') {
            return -1;
        }
        int sum = 0;
        for (int i = 1; i < star; i++) {
            sum ^= line[i];
        }
        int high = hexValue(line[star + 1]);
        int low = hexValue(line[star + 2]);
        if (high < 0 || low < 0) {
            return -1;
        }
        return (high << 4 | low) == sum ? star : -1;
    }

    /** The checksum as two upper-case hex digits, for tests and fakes that write sentences. */
    static String of(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return String.format("%02X", sum);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
