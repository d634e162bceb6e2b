package com.bikefleet.server.backplane;

import com.bikefleet.model.Position;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.ingest.ConnectedBikes;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.presence.RemoteRoster;
import com.bikefleet.server.store.FixBatch;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * What other instances said, turned into updates for this instance's listeners (never published again)
 * and into local actions: delivering a command, closing a replaced connection. Runs on Lettuce's I/O thread,
 * so anything that may wait (SQL, closing a socket) goes to {@code work}.
 */
final class RemoteFeed {

    /** The outbox id of a fix that came over the backplane: live fan-out only looks at the fix. */
    static final String REMOTE_OUTBOX = "backplane";

    private final String instanceId;
    private final LiveFeed local;
    private final RemoteRoster roster;
    private final ConnectedBikes connected;
    private final CommandService commands;
    private final Executor work;
    private final Clock clock;
    private final BackplaneCounters counters;

    RemoteFeed(String instanceId, LiveFeed local, RemoteRoster roster, ConnectedBikes connected,
               CommandService commands, Executor work, Clock clock, BackplaneCounters counters) {
        this.instanceId = instanceId;
        this.local = local;
        this.roster = roster;
        this.connected = connected;
        this.commands = commands;
        this.work = work;
        this.clock = clock;
        this.counters = counters;
    }

    void onMessage(String channel, String text) {
        BackplaneMessage message;
        try {
            message = BackplaneMessage.decode(text);
        } catch (RuntimeException e) {
            if (counters.malformed.getAndIncrement() == 0) {
                Logger.warn("Backplane: ignoring a message this version cannot read on {}: {}", channel, e.getMessage());
            }
            return;
        }
        if (message.origin().equals(instanceId)) {
            return;
        }
        String bikeId = message.bikeId();
        switch (message.kind()) {
            case POSITION -> local.fixesStored(new FixBatch(bikeId, REMOTE_OUTBOX,
                    List.of(new Position(1, message.fix())), true, clock.instant()));
            case ONLINE -> {
                roster.online(message.origin(), bikeId);
                local.bikeOnline(bikeId);
            }
            case OFFLINE -> {
                if (roster.offline(message.origin(), bikeId) && !connected.isOnline(bikeId)) {
                    local.bikeOffline(bikeId);
                }
            }
            case ROSTER -> {
                RemoteRoster.Change change = roster.roster(message.origin(), message.bikes());
                change.online().forEach(local::bikeOnline);
                offlineUnlessHere(change.offline());
            }
            case COMMANDS -> work.execute(() -> commands.deliverQueued(bikeId));
            case REPLACE -> work.execute(() -> connected.closeReplaced(bikeId));
            default -> throw new IllegalStateException("unhandled " + message.kind());
        }
    }

    /** Bikes no other instance holds any more: offline, unless connected here. */
    void offlineUnlessHere(List<String> bikes) {
        for (String bikeId : bikes) {
            if (!connected.isOnline(bikeId)) {
                local.bikeOffline(bikeId);
            }
        }
    }
}
