package com.bikefleet.hardware.nmea;

/** Builds sentences with a correct checksum, for tests. */
final class Sentences {

    private Sentences() {
    }

    /** {@code body} is everything between {@code $} and {@code *}. */
    static String of(String body) {
        return "$" + body + "*" + Checksum.of(body);
    }
}
