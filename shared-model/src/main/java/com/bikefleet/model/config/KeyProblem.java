package com.bikefleet.model.config;

/**
 * What is wrong with one key's value, as a value rather than a formatted line: the module that checks a
 * setting does not know where it was written, the reader of the file does and adds {@code FILE:LINE}.
 *
 * @param key     the key the problem is about
 * @param message what is wrong, without the key (e.g. {@code 300 is outside the allowed range 4800..921600})
 */
public record KeyProblem(String key, String message) {

    /** {@code key: message}, for a problem shown without a file (a builder's exception). */
    public String text() {
        return key + ": " + message;
    }
}
