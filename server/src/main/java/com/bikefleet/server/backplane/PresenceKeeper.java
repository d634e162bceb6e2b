package com.bikefleet.server.backplane;

import com.bikefleet.server.ingest.ConnectedBikes;
import com.bikefleet.server.presence.BikePresence;
import com.bikefleet.server.presence.RemoteRoster;
import java.util.List;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * The periodic part of presence, run on the backplane's timer: extend this instance's bike keys, give up
 * bikes another instance has claimed since (a newer connection there), tell every instance which bikes
 * are here (the roster), and forget instances that stopped sending theirs.
 */
final class PresenceKeeper {

    /** Keys per refresh script: keeps each Redis call short beside the publishes. */
    private static final int CHUNK = 500;

    private final String instanceId;
    private final ConnectedBikes connected;
    private final BikePresence presence;
    private final RemoteRoster roster;
    private final RedisLink redis;
    private final RemoteFeed remote;
    private final Executor work;

    PresenceKeeper(String instanceId, ConnectedBikes connected, BikePresence presence, RemoteRoster roster,
                   RedisLink redis, RemoteFeed remote, Executor work) {
        this.instanceId = instanceId;
        this.connected = connected;
        this.presence = presence;
        this.roster = roster;
        this.redis = redis;
        this.remote = remote;
        this.work = work;
    }

    /** One round; never throws (it runs on a timer, where an exception would stop every later round). */
    void run() {
        try {
            List<String> here = connected.onlineBikes();
            for (int from = 0; from < here.size(); from += CHUNK) {
                presence.refresh(here.subList(from, Math.min(here.size(), from + CHUNK))).whenComplete((lost, e) -> {
                    if (lost != null) {
                        for (String bikeId : lost) {
                            Logger.info("Bike {} is held by another instance now; closing its connection here", bikeId);
                            work.execute(() -> connected.closeReplaced(bikeId));
                        }
                    }
                });
            }
            redis.publish(Channels.LIVE, BackplaneMessage.roster(instanceId, here).encode());
            remote.offlineUnlessHere(roster.expire());
        } catch (RuntimeException e) {
            Logger.error(e, "Backplane: presence round failed; trying again at the next one");
        }
    }
}
