package com.bikefleet.server.presence;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which instance holds which bike, as Redis keys {@code bikefleet:bike:ID} = instance id that expire
 * unless the holder refreshes them. A bike's newest connection claims its key; a closing connection
 * releases it only if it still holds it; and a refresh that finds another instance's name gives the bike
 * up, so after a failover or a Redis outage each bike ends with exactly one holder.
 */
public final class BikePresence {

    static final String KEY_PREFIX = "bikefleet:bike:";

    // Returns the previous holder (or nil) and sets this instance.
    private static final String CLAIM = """
            local old = redis.call('GET', KEYS[1])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return old""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    // Extends the keys still ours (or gone); returns the keys another instance holds now.
    private static final String REFRESH = """
            local lost = {}
            for _, key in ipairs(KEYS) do
              local holder = redis.call('GET', key)
              if holder == false or holder == ARGV[1] then
                redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
              else
                table.insert(lost, key)
              end
            end
            return lost""";

    private final PresenceCommands redis;
    private final String instanceId;
    private final String ttlMillis;

    public BikePresence(PresenceCommands redis, String instanceId, Duration ttl) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.ttlMillis = Long.toString(ttl.toMillis());
    }

    /** Claims the bike for this instance; completes with the instance that held it before, or null. */
    public CompletionStage<String> claim(String bikeId) {
        return redis.eval(CLAIM, ScriptOutputType.VALUE, new String[] {KEY_PREFIX + bikeId}, instanceId, ttlMillis);
    }

    /** Gives the bike up if this instance still holds it. */
    public CompletionStage<Long> release(String bikeId) {
        return redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {KEY_PREFIX + bikeId}, instanceId);
    }

    /** Extends this instance's hold on the bikes; completes with those another instance holds now. */
    public CompletionStage<List<String>> refresh(List<String> bikeIds) {
        String[] keys = bikeIds.stream().map(id -> KEY_PREFIX + id).toArray(String[]::new);
        return redis.<List<Object>>eval(REFRESH, ScriptOutputType.MULTI, keys, instanceId, ttlMillis)
                .thenApply(lost -> lost.stream().map(key -> String.valueOf(key).substring(KEY_PREFIX.length()))
                        .toList());
    }

    /** The instance holding the bike now, or null. */
    public CompletionStage<String> holder(String bikeId) {
        return redis.get(KEY_PREFIX + bikeId);
    }
}
