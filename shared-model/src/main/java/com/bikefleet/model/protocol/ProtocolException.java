package com.bikefleet.model.protocol;

/** A frame that cannot be taken as a message; {@link #code()} says which {@link ProtocolCodes} applies. */
public final class ProtocolException extends Exception {

    private final int code;

    public ProtocolException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
