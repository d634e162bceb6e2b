package com.bikefleet.sim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Byte-level pieces of the lean mode's WebSocket client (RFC 6455) and JSON: frames, numbers and ISO-8601
 * times written into and read out of byte arrays, so a fix costs no objects. Stateless but for {@link Clock}.
 */
final class WsWire {

    /** Room kept before a frame's payload for the largest client frame header (2 + 8 length + 4 mask). */
    static final int HEADER_ROOM = 14;

    private WsWire() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the header of a masked text frame just before a payload that occupies {@code [HEADER_ROOM,
     * end)} of {@code a}, and returns where the frame starts. The mask key is 0: a client must mask, and the
     * server unmasks every byte whatever the key, so its cost is the same, while this side saves XOR-ing
     * every byte it sends.
     */
    static int textFrameHeader(byte[] a, int end) {
        int length = end - HEADER_ROOM;
        int start;
        if (length < 126) {
            start = HEADER_ROOM - 6;
            a[start + 1] = (byte) (0x80 | length);
        } else if (length < 65_536) {
            start = HEADER_ROOM - 8;
            a[start + 1] = (byte) (0x80 | 126);
            a[start + 2] = (byte) (length >>> 8);
            a[start + 3] = (byte) length;
        } else {
            start = HEADER_ROOM - 14;
            a[start + 1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                a[start + 2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        a[start] = (byte) 0x81;
        a[HEADER_ROOM - 4] = 0;
        a[HEADER_ROOM - 3] = 0;
        a[HEADER_ROOM - 2] = 0;
        a[HEADER_ROOM - 1] = 0;
        return start;
    }

    /** A whole masked control or text frame of {@code opcode} around {@code payload} (small frames, rare). */
    static byte[] frame(int opcode, byte[] payload) {
        byte[] a = new byte[HEADER_ROOM + payload.length];
        System.arraycopy(payload, 0, a, HEADER_ROOM, payload.length);
        int start = textFrameHeader(a, a.length);
        a[start] = (byte) (0x80 | opcode);
        return java.util.Arrays.copyOfRange(a, start, a.length);
    }

    static int put(byte[] a, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, a, at, bytes.length);
        return at + bytes.length;
    }

    /** Writes a non-negative number in decimal. */
    static int putLong(byte[] a, int at, long value) {
        if (value == 0) {
            a[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            a[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    /** Reads a non-negative decimal number at {@code at}; -1 when there is no digit there. */
    static long readLong(byte[] a, int at, int end) {
        long value = 0;
        int i = at;
        while (i < end && a[i] >= '0' && a[i] <= '9') {
            value = value * 10 + (a[i] - '0');
            i++;
        }
        return i == at ? -1 : value;
    }

    /** The first index of {@code pattern} in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, byte[] pattern) {
        byte first = pattern[0];
        int last = to - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (a[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (a[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean startsWith(byte[] a, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Epoch milliseconds of an ISO-8601 UTC time as {@code Instant.toString()} writes it
     * ({@code 2024-05-01T10:15:30Z}, or with 1 to 9 fraction digits), starting at {@code at}; -1 when it is
     * not one.
     */
    static long parseIsoMillis(byte[] a, int at, int end) {
        if (end - at < 20 || a[at + 4] != '-' || a[at + 7] != '-' || a[at + 10] != 'T' || a[at + 13] != ':'
                || a[at + 16] != ':') {
            return -1;
        }
        int year = digits(a, at, 4);
        int month = digits(a, at + 5, 2);
        int day = digits(a, at + 8, 2);
        int hour = digits(a, at + 11, 2);
        int minute = digits(a, at + 14, 2);
        int second = digits(a, at + 17, 2);
        if (year < 0 || month < 1 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        int millis = 0;
        int i = at + 19;
        if (a[i] == '.') {
            int scale = 100;
            for (i++; i < end && a[i] >= '0' && a[i] <= '9'; i++) {
                millis += (a[i] - '0') * scale;
                scale /= 10;
            }
        }
        if (i >= end || a[i] != 'Z') {
            return -1;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return seconds * 1_000 + millis;
    }

    private static int digits(byte[] a, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            if (a[i] < '0' || a[i] > '9') {
                return -1;
            }
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }

    /**
     * Writes ISO-8601 UTC times with milliseconds ({@code 2024-05-01T10:15:30.250Z}, 24 bytes), formatting
     * the date and time of day once per second. One per thread.
     */
    static final class Clock {
        private final byte[] secondText = new byte[20];
        private long second = Long.MIN_VALUE;

        int putIso(byte[] a, int at, long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1_000);
            if (s != second) {
                LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
                byte[] text = ascii(String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.",
                        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
                System.arraycopy(text, 0, secondText, 0, 20);
                second = s;
            }
            System.arraycopy(secondText, 0, a, at, 20);
            int ms = (int) Math.floorMod(epochMillis, 1_000);
            a[at + 20] = (byte) ('0' + ms / 100);
            a[at + 21] = (byte) ('0' + ms / 10 % 10);
            a[at + 22] = (byte) ('0' + ms % 10);
            a[at + 23] = 'Z';
            return at + 24;
        }
    }
}
