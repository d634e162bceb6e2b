package com.bikefleet.model.protocol;

import java.util.Arrays;
import java.util.List;

/** The GPS state a bike reports in {@code status} (docs/protocol.md section 3.8). */
public enum GpsState {
    /** Valid fixes are arriving. */
    FIX("fix"),
    /** The receiver talks but has no valid position. */
    NO_FIX("no_fix"),
    /** Nothing arrives from the receiver. */
    NO_DATA("no_data");

    private final String wireName;

    GpsState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The state of a wire name, or null when it is none of them. */
    public static GpsState fromWire(String wireName) {
        for (GpsState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        return null;
    }

    /** Every wire name, for messages. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(GpsState::wireName).toList();
    }
}
