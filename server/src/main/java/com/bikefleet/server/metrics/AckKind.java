package com.bikefleet.server.metrics;

/** Which stream an ack confirms: the {@code kind} label of the ack metrics. */
public enum AckKind {
    FIXES("fixes"),
    TELEMETRY("telemetry");

    private final String label;

    AckKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
