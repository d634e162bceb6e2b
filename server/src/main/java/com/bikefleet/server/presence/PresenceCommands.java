package com.bikefleet.server.presence;

import io.lettuce.core.ScriptOutputType;
import java.util.concurrent.CompletionStage;

/**
 * The Redis commands presence is kept with. Declared here so that presence sits below the backplane: the
 * backplane's {@code RedisLink} implements it, and this package knows nothing of the backplane.
 */
public interface PresenceCommands {

    /** Runs a Lua script; the stage fails at once when Redis is unreachable. */
    <T> CompletionStage<T> eval(String script, ScriptOutputType type, String[] keys, String... args);

    /** Reads a key; the stage fails at once when Redis is unreachable. */
    CompletionStage<String> get(String key);
}
