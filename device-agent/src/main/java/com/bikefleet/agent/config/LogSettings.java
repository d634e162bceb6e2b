package com.bikefleet.agent.config;

import java.nio.file.Path;

/**
 * Where the agent logs: always the console (journald under systemd), and when {@code file} is set also a
 * rolling file of at most {@code maxBytes} plus {@code backups} older ones, so the SD card never fills up.
 */
public record LogSettings(String level, Path file, long maxBytes, int backups) {

    public static LogSettings consoleOnly() {
        return new LogSettings(AgentKeys.LOG_LEVEL.defaultValue(), null, AgentKeys.LOG_MAX_SIZE.defaultValue(),
                AgentKeys.LOG_BACKUPS.defaultValue());
    }
}
