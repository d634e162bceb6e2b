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
    UNSUPPORTED_PROTOCOL("unsupported_protocol");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
