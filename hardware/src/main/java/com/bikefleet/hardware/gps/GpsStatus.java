package com.bikefleet.hardware.gps;

/** What the receiver is doing, as reported to the server. */
public enum GpsStatus {
    /** Nothing arrives from the receiver (unplugged, port gone, wrong baud rate). */
    NO_DATA,
    /** The receiver talks but has no valid position (indoors, in a tunnel, cold start). */
    NO_FIX,
    /** Valid fixes are arriving. */
    FIX
}
