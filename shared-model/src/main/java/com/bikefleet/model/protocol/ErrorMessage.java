package com.bikefleet.model.protocol;

/**
 * Either direction: something was wrong with what the peer sent. Codes are listed in
 * {@link ProtocolCodes}; when the problem ends the connection, the close frame carries the same code.
 *
 * @param firstSeq with {@link ProtocolCodes#STORE_BUSY} for a {@code positions} batch, the lowest fix seq of the
 *                 batch that was not taken, so the bike can send that batch again and no more; null otherwise
 * @param lastSeq  likewise its highest fix seq
 */
public record ErrorMessage(int code, String message, Long firstSeq, Long lastSeq) implements Message {

    public ErrorMessage(int code, String message) {
        this(code, message, null, null);
    }
}
