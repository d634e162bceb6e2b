package com.bikefleet.server.command;

import java.time.Instant;
import java.util.Map;

/**
 * A command for a bike and how far it got.
 *
 * @param state   {@code queued} (waiting for the bike), {@code delivered} (sent, no result yet), {@code done},
 *                {@code failed} or {@code unsupported} (the bike's answer; {@code failed} also for a stored
 *                command the server refuses to send), or {@code cancelled} (through the API, before a result)
 * @param message the bike's detail with its result, or null
 */
public record CommandRecord(String id, String bikeId, String name, Map<String, String> args, String state,
                            String message, Instant createdAt, Instant updatedAt) {

    public CommandRecord {
        args = Map.copyOf(args);
    }
}
