package com.bikefleet.server.backplane;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How this instance joins others: the Redis to share live updates, presence and commands through, and its
 * own name there.
 *
 * @param redisUrl     a {@code redis://} URL, or null for a single instance (no backplane)
 * @param instanceId   this instance's name, unique among the instances sharing the Redis
 * @param presenceTtl  how long a bike's presence (and an instance's roster) lives without being refreshed
 */
public record BackplaneSettings(String redisUrl, String instanceId, Duration presenceTtl) {

    /** What an instance id may look like: it appears in Redis channel names and logs. */
    public static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(30);

    public BackplaneSettings {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instance id must be 1-64 letters, digits, '.', '_' or '-', was '"
                    + instanceId + "'");
        }
        if (presenceTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("presence TTL must be at least 3s, was " + presenceTtl);
        }
    }

    /** A single instance: no Redis. */
    public static BackplaneSettings none(String instanceId) {
        return new BackplaneSettings(null, instanceId, DEFAULT_PRESENCE_TTL);
    }

    public boolean enabled() {
        return redisUrl != null;
    }
}
