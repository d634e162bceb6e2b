package com.bikefleet.server.metrics;

/** Why ingest refused a frame (or part of one): the {@code reason} label of the rejected-frames counter. */
public enum RejectReason {
    /** Not valid JSON, or a message missing or mistyping a field. */
    MALFORMED("malformed"),
    /** A message type the server does not know or a bike may not send. */
    UNKNOWN_TYPE("unknown_type"),
    /** Against the protocol's rules: no hello first, another bike's id. */
    POLICY("policy"),
    /** A fix that breaks the fix rules or lies in the future; counted once per frame. */
    INVALID_POSITION("invalid_position"),
    /** A hello with a protocol version this server does not speak. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** Over the per-bike message rate (4102), or disconnected for staying over it (4004). */
    RATE_LIMITED("rate_limited"),
    /** Not taken because the store's queue was full (4103; a status is forgotten): nothing of it stored. */
    STORE_BUSY("store_busy");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason a refusal with this protocol code is counted under. */
    public static RejectReason forCode(int code) {
        return switch (code) {
            case com.bikefleet.model.protocol.ProtocolCodes.MALFORMED_FRAME -> MALFORMED;
            case com.bikefleet.model.protocol.ProtocolCodes.UNKNOWN_MESSAGE_TYPE -> UNKNOWN_TYPE;
            case com.bikefleet.model.protocol.ProtocolCodes.INVALID_POSITION -> INVALID_POSITION;
            case com.bikefleet.model.protocol.ProtocolCodes.UNSUPPORTED_PROTOCOL -> UNSUPPORTED_PROTOCOL;
            case com.bikefleet.model.protocol.ProtocolCodes.RATE_LIMITED,
                    com.bikefleet.model.protocol.ProtocolCodes.RATE_LIMIT_EXCEEDED -> RATE_LIMITED;
            case com.bikefleet.model.protocol.ProtocolCodes.STORE_BUSY,
                    com.bikefleet.model.protocol.ProtocolCodes.TRY_AGAIN_LATER -> STORE_BUSY;
            default -> POLICY;
        };
    }
}
