package com.bikefleet.model;

/** The dimension of a position fix, as the receiver reports it (NMEA GSA mode). */
public enum FixType {
    TWO_D("2d"),
    THREE_D("3d");

    private final String wireName;

    FixType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Returns the fix type for its wire name, or null when the name is unknown. */
    public static FixType fromWireName(String name) {
        for (FixType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
