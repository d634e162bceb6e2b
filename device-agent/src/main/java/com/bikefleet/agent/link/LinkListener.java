package com.bikefleet.agent.link;

import com.bikefleet.model.protocol.Command;

/**
 * What the link reports about the connection, on the agent's worker thread. Every method has a no-op
 * default, so a listener implements only what it needs.
 */
public interface LinkListener {

    /** The hello went out; fixes are flowing. */
    default void onConnected() {
    }

    /** A connection ended or an attempt failed; the link retries after {@code retryInMillis}. */
    default void onDisconnected(String reason, long retryInMillis) {
    }

    /** The server refused this bike's id or token (HTTP 401); the link keeps retrying with backoff. */
    default void onUnauthorized() {
    }

    /** The server acknowledged every fix up to {@code seq}. */
    default void onAcknowledged(long seq) {
    }

    /** The server sent a command; answer with {@link ServerLink#sendCommandResult}. */
    default void onCommand(Command command) {
    }
}
