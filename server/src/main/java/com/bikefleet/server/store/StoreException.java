package com.bikefleet.server.store;

/** A storage failure that the caller cannot repair; carries the underlying cause. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
