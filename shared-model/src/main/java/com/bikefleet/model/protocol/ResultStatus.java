package com.bikefleet.model.protocol;

/** How a bike answers a command in {@code commandResult} (docs/protocol.md sections 2.6 and 3.6). */
public enum ResultStatus {
    /** The command was carried out. */
    DONE("done"),
    /** It was tried and failed, or refused (too large, invalid); the message says why. */
    FAILED("failed"),
    /** The bike has no handler for it. */
    UNSUPPORTED("unsupported");

    private final String wireName;

    ResultStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The status of a wire name, or null when it is none of them. */
    public static ResultStatus fromWire(String wireName) {
        for (ResultStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        return null;
    }
}
