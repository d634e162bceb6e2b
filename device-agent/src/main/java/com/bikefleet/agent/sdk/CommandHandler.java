package com.bikefleet.agent.sdk;

import java.util.Map;

/**
 * Carries out one kind of server command on the bike. Runs on the agent's command thread, one command
 * at a time; it may block briefly (ring a bell, drive a lock) but should not take longer than seconds.
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * @param args the command's arguments
     * @return a short description of what was done, sent to the server as the result's message
     * @throws Exception when the command failed; its message is sent to the server
     */
    String handle(Map<String, String> args) throws Exception;
}
