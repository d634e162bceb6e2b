package com.bikefleet.model.protocol;

/**
 * Every code the protocol uses, in one place. docs/protocol.md lists the same table, with what an
 * agent should do on each.
 */
public final class ProtocolCodes {

    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;

    // Close codes from RFC 6455.
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    /** The frame was not valid JSON or not a valid message (a field missing or of the wrong type). */
    public static final int MALFORMED_FRAME = 1007;
    /** The bike broke a rule: no hello first, or a batch for another bike. */
    public static final int POLICY_VIOLATION = 1008;
    /** The frame was larger than the server's limit. */
    public static final int FRAME_TOO_BIG = 1009;
    public static final int SERVER_ERROR = 1011;
    /**
     * The server is overloaded for now: send again after a backoff. This server answers a full store with
     * {@link #STORE_BUSY} and keeps the connection; 1013 is what servers before it sent.
     */
    public static final int TRY_AGAIN_LATER = 1013;

    // Close codes of this protocol (4000-4099 end the connection).
    /** The hello named a protocol version this server does not speak. */
    public static final int UNSUPPORTED_PROTOCOL = 4000;
    /** A newer connection of the same bike took over this one. */
    public static final int REPLACED = 4001;
    /** A live-position listener (/ws/live) fell too far behind: its frames stopped going out. */
    public static final int LISTENER_TOO_SLOW = 4003;
    /** The bike kept sending faster than the server's rate limit after being told (4102) for a while. */
    public static final int RATE_LIMIT_EXCEEDED = 4004;

    // Error codes of this protocol (4100-4199 are reported in an error message; the connection stays).
    /** The message type is not one this server knows; the frame was ignored. */
    public static final int UNKNOWN_MESSAGE_TYPE = 4100;
    /** A fix was outside the valid ranges; it was not stored, but acknowledged so the bike drops it. */
    public static final int INVALID_POSITION = 4101;
    /** The bike sent faster than the server's rate limit; this message was dropped unprocessed. */
    public static final int RATE_LIMITED = 4102;
    /**
     * The server's store could not take this message now (its queue for that kind of write was full): nothing
     * of it was stored or acknowledged. The connection stays; send what is pending again after a pause.
     */
    public static final int STORE_BUSY = 4103;

    private ProtocolCodes() {
    }

    /** True when a close with this code ends the connection; false for error-only codes. */
    public static boolean closesConnection(int code) {
        return code < 4100;
    }
}
