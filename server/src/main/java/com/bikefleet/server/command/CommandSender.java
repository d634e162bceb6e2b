package com.bikefleet.server.command;

import com.bikefleet.model.protocol.Command;

/** Hands a command to a bike's open connection, if it has one. */
@FunctionalInterface
public interface CommandSender {

    /** True when the bike is connected here and the command was sent. */
    boolean send(String bikeId, Command command);
}
