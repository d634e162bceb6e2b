package com.bikefleet.hardware.nmea;

/**
 * The comma-separated fields of one sentence, read in place from the assembler's buffer: no strings, no
 * split, so decoding a sentence allocates nothing. Missing or malformed values come back as NaN or -1,
 * never as an exception.
 *
 * <p>Owned by the decoder's thread; {@link #reset} points it at the next sentence.
 */
final class Fields {

    static final int MISSING = -1;

    private static final int MAX_FIELDS = 40;
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
            1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};

    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private char[] text;
    private int count;

    /** Splits {@code text[0, end)} at commas; field 0 is the address such as {@code $GPRMC}. */
    void reset(char[] text, int end) {
        this.text = text;
        count = 0;
        int start = 0;
        for (int i = 0; i <= end && count < MAX_FIELDS; i++) {
            if (i == end || text[i] == ',') {
                starts[count] = start;
                ends[count] = i;
                count++;
                start = i + 1;
            }
        }
    }

    int count() {
        return count;
    }

    boolean isEmpty(int field) {
        return field >= count || starts[field] == ends[field];
    }

    /** The field's first character, or 0 when it is empty. */
    char firstChar(int field) {
        return isEmpty(field) ? 0 : text[starts[field]];
    }

    /** The address characters {@code $TTSSS}: index 1-2 talker, 3-5 sentence type. */
    boolean addressIs(char a, char b, char c) {
        return ends[0] - starts[0] == 6 && text[3] == a && text[4] == b && text[5] == c;
    }

    boolean talkerIs(char a, char b) {
        return ends[0] - starts[0] == 6 && text[1] == a && text[2] == b;
    }

    /** A non-negative decimal integer, or {@link #MISSING}. */
    int integer(int field) {
        if (isEmpty(field)) {
            return MISSING;
        }
        int value = 0;
        for (int i = starts[field]; i < ends[field]; i++) {
            char c = text[i];
            if (c < '0' || c > '9' || value > 100_000_000) {
                return MISSING;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A decimal number such as {@code -31.442}, or NaN. */
    double decimal(int field) {
        if (isEmpty(field)) {
            return Double.NaN;
        }
        int i = starts[field];
        boolean negative = text[i] == '-';
        if (negative || text[i] == '+') {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1; // -1 until the decimal point
        for (; i < ends[field]; i++) {
            char c = text[i];
            if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else if (c >= '0' && c <= '9' && digits < 17) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        // Both operands are exact doubles, so one division gives the correctly rounded value.
        double value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
        return negative ? -value : value;
    }

    /**
     * An NMEA angle {@code dddmm.mmmm} with its hemisphere letter in the next field, as signed decimal
     * degrees; NaN when malformed or beyond {@code maxDegrees}.
     */
    double coordinate(int field, char positive, char negative, double maxDegrees) {
        double raw = decimal(field);
        char hemisphere = firstChar(field + 1);
        if (!(raw >= 0) || (hemisphere != positive && hemisphere != negative)) {
            return Double.NaN;
        }
        double degrees = Math.floor(raw / 100);
        double minutes = raw - degrees * 100;
        if (minutes >= 60) {
            return Double.NaN;
        }
        double value = degrees + minutes / 60;
        if (value > maxDegrees) {
            return Double.NaN;
        }
        return hemisphere == negative ? -value : value;
    }

    /** A UTC time of day {@code hhmmss[.sss]} as milliseconds since midnight, or {@link #MISSING}. */
    int timeOfDayMillis(int field) {
        if (isEmpty(field) || ends[field] - starts[field] < 6) {
            return MISSING;
        }
        int s = starts[field];
        int hh = twoDigits(s);
        int mm = twoDigits(s + 2);
        int ss = twoDigits(s + 4);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return MISSING;
        }
        int millis = 0;
        if (ends[field] - s > 6) {
            if (text[s + 6] != '.') {
                return MISSING;
            }
            int scale = 100;
            for (int i = s + 7; i < ends[field]; i++) {
                char c = text[i];
                if (c < '0' || c > '9') {
                    return MISSING;
                }
                millis += (c - '0') * scale; // digits beyond milliseconds add 0
                scale /= 10;
            }
        }
        return ((hh * 60 + mm) * 60 + Math.min(ss, 59)) * 1000 + millis;
    }

    /**
     * A date {@code ddmmyy} as {@code yy * 10000 + mm * 100 + dd} with a two-digit year, or
     * {@link #MISSING}. Some receivers write the year after the 2019 week rollover as {@code -1}
     * (Telit application note); that is 99.
     */
    int dateDdmmyy(int field) {
        if (isEmpty(field)) {
            return MISSING;
        }
        int s = starts[field];
        int length = ends[field] - s;
        int dd = length >= 4 ? twoDigits(s) : -1;
        int mm = length >= 4 ? twoDigits(s + 2) : -1;
        int yy;
        if (length == 6 && text[s + 4] == '-' && text[s + 5] == '1') {
            yy = 99;
        } else {
            yy = length == 6 ? twoDigits(s + 4) : -1;
        }
        if (dd < 1 || dd > 31 || mm < 1 || mm > 12 || yy < 0) {
            return MISSING;
        }
        return yy * 10000 + mm * 100 + dd;
    }

    private int twoDigits(int at) {
        char a = text[at];
        char b = text[at + 1];
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }
}
