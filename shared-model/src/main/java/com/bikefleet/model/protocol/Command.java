package com.bikefleet.model.protocol;

import java.util.Map;

/**
 * Server to bike: an instruction for the bike (set report interval, maintenance notice, ring, lock).
 *
 * @param id   the server's id for this command; the bike's {@link CommandResult} names it
 * @param name what to do
 * @param args the command's arguments as strings (empty when it has none)
 */
public record Command(String id, String name, Map<String, String> args) implements Message {

    public Command {
        args = Map.copyOf(args);
    }
}
