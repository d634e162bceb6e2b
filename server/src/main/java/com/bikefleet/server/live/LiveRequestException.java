package com.bikefleet.server.live;

/** A listener's message that cannot be followed; carries the protocol code to answer with. */
final class LiveRequestException extends Exception {

    private final int code;

    LiveRequestException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
