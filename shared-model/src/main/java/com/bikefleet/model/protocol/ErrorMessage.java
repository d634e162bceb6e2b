package com.bikefleet.model.protocol;

/**
 * Either direction: something was wrong with what the peer sent. Codes are listed in
 * {@link ProtocolCodes}; when the problem ends the connection, the close frame carries the same code.
 */
public record ErrorMessage(int code, String message) implements Message {
}
