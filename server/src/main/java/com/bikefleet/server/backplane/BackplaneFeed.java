package com.bikefleet.server.backplane;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.presence.BikePresence;
import com.bikefleet.server.presence.RemoteRoster;
import com.bikefleet.server.store.FixBatch;
import org.tinylog.Logger;

/**
 * What ingest tells the live fan-out, passed to this instance's listeners and published once to every
 * other instance. Like every {@link LiveFeed}, it never waits: Redis calls are asynchronous and fail fast
 * while Redis is away, so ingest and acks never depend on the backplane.
 */
final class BackplaneFeed implements LiveFeed {

    private final LiveFeed local;
    private final RedisLink redis;
    private final BikePresence presence;
    private final RemoteRoster roster;
    private final String instanceId;

    BackplaneFeed(LiveFeed local, RedisLink redis, BikePresence presence, RemoteRoster roster, String instanceId) {
        this.local = local;
        this.redis = redis;
        this.presence = presence;
        this.roster = roster;
        this.instanceId = instanceId;
    }

    @Override
    public void fixesStored(FixBatch batch) {
        local.fixesStored(batch);
        if (!batch.live() || batch.positions().isEmpty()) {
            return;
        }
        Fix newest = null;
        for (Position position : batch.positions()) {
            if (newest == null || position.fix().time().isAfter(newest.time())) {
                newest = position.fix();
            }
        }
        redis.publish(Channels.LIVE, BackplaneMessage.position(instanceId, batch.bikeId(), newest).encode());
    }

    /** Local listeners only: other instances' listeners get a bike's status from their snapshots. */
    @Override
    public void bikeStatus(com.bikefleet.server.live.LiveStatus status) {
        local.bikeStatus(status);
    }

    @Override
    public void bikeOnline(String bikeId) {
        roster.heldHere(bikeId);
        local.bikeOnline(bikeId);
        redis.publish(Channels.LIVE, BackplaneMessage.about(BackplaneMessage.Kind.ONLINE, instanceId, bikeId).encode());
        presence.claim(bikeId).whenComplete((previous, failure) -> {
            if (failure != null) {
                Logger.debug("Backplane: could not claim bike {}: {}", bikeId, failure.getMessage());
            } else if (previous != null && !previous.equals(instanceId)) {
                // Published after ONLINE on the same connection, so the old holder knows where the bike went.
                redis.publish(Channels.instance(previous),
                        BackplaneMessage.about(BackplaneMessage.Kind.REPLACE, instanceId, bikeId).encode());
            }
        });
    }

    @Override
    public void bikeOffline(String bikeId) {
        presence.release(bikeId);
        if (roster.holder(bikeId) != null) {
            // It left this instance for another one: still online for everyone.
            return;
        }
        local.bikeOffline(bikeId);
        redis.publish(Channels.LIVE, BackplaneMessage.about(BackplaneMessage.Kind.OFFLINE, instanceId, bikeId).encode());
    }
}
