package com.bikefleet.agent.sdk;

/** The command names the server sends; docs/protocol.md lists their arguments. */
public final class Commands {

    /** {@code interval}: a duration such as {@code 5s}; handled by the agent itself. */
    public static final String SET_REPORT_INTERVAL = "set-report-interval";
    /** {@code text}: a notice for the rider's display. */
    public static final String MAINTENANCE_NOTICE = "maintenance-notice";
    /** No arguments: ring the bike's bell or buzzer. */
    public static final String RING = "ring";
    /** {@code locked}: {@code true} or {@code false}. */
    public static final String LOCK = "lock";

    private Commands() {
    }
}
