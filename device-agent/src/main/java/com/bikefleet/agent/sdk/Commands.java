package com.bikefleet.agent.sdk;

import com.bikefleet.model.protocol.CommandName;

/**
 * The command names the server sends, for registering handlers; {@link CommandName} holds them and their
 * argument rules (docs/protocol.md section 2.6).
 */
public final class Commands {

    /** {@code interval}: a duration such as {@code 5s}; handled by the agent itself. */
    public static final String SET_REPORT_INTERVAL = CommandName.SET_REPORT_INTERVAL.wireName();
    /** {@code text}: a notice for the rider's display. */
    public static final String MAINTENANCE_NOTICE = CommandName.MAINTENANCE_NOTICE.wireName();
    /** No arguments: ring the bike's bell or buzzer. */
    public static final String RING = CommandName.RING.wireName();
    /** {@code locked}: {@code true} or {@code false}. */
    public static final String LOCK = CommandName.LOCK.wireName();

    private Commands() {
    }
}
