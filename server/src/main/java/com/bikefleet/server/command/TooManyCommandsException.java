package com.bikefleet.server.command;

/** The bike already has as many commands without a result as it may have; the API answers 429. */
public final class TooManyCommandsException extends RuntimeException {

    public TooManyCommandsException(String message) {
        super(message);
    }
}
