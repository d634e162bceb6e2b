package com.bikefleet.agent.link;

import java.time.Duration;

/**
 * Why a connection ended or an attempt failed, which decides the wait before the next one.
 *
 * @param reason       for the log and {@link LinkListener#onDisconnected}
 * @param unauthorized the server refused the bike's id or token (HTTP 401)
 * @param retryAfter   how long the server asked to wait (HTTP 503 with {@code Retry-After}), or null
 */
public record Disconnect(String reason, boolean unauthorized, Duration retryAfter) {

    /** The connection closed, failed, or never came up, for the given reason. */
    public static Disconnect dropped(String reason) {
        return new Disconnect(reason, false, null);
    }

    public static Disconnect unauthorizedBike() {
        return new Disconnect("unauthorized", true, null);
    }

    public static Disconnect serverBusy(Duration retryAfter) {
        return new Disconnect("server busy, asked to come back in " + retryAfter.toSeconds() + " s", false, retryAfter);
    }
}
