package com.bikefleet.server.backplane;

import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.ingest.ConnectedBikes;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.metrics.ServerMetrics;
import com.bikefleet.server.presence.BikePresence;
import com.bikefleet.server.presence.RemoteRoster;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Several instances as one server: the Redis link, bike presence, the feed that publishes this instance's
 * live updates, the inbound side that delivers other instances' updates to local listeners, and command
 * routing. Built in two steps because ingest needs the feed before it exists, and the inbound side needs
 * ingest's connected bikes.
 */
public final class Backplane implements AutoCloseable {

    private final BackplaneSettings settings;
    private final LiveFeed local;
    private final Clock clock;
    private final BackplaneCounters counters = new BackplaneCounters();
    private final RemoteRoster roster;
    private final RedisLink redis;
    private final BikePresence presence;
    private final BackplaneFeed feed;
    // Work that may wait (SQL for commands, closing sockets), off Lettuce's I/O thread; one thread keeps order.
    private final ExecutorService work = Executors.newSingleThreadExecutor(daemon("backplane-work"));
    // The presence round: refresh, roster, expiry.
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("presence"));
    // Set once by attach(); messages before it (during startup) are dropped, rosters repair that.
    private volatile RemoteFeed remote;
    private volatile PresenceKeeper keeper;

    /**
     * @param local this instance's live hub: told of every update, local or remote
     */
    public Backplane(BackplaneSettings settings, LiveFeed local, Clock clock) {
        this.settings = settings;
        this.local = local;
        this.clock = clock;
        this.roster = new RemoteRoster(System::nanoTime, settings.presenceTtl());
        this.redis = new RedisLink(settings.redisUrl(),
                List.of(Channels.LIVE, Channels.instance(settings.instanceId())), this::onMessage, counters,
                this::onConnected);
        this.presence = new BikePresence(redis, settings.instanceId(), settings.presenceTtl());
        this.feed = new BackplaneFeed(local, redis, presence, roster, settings.instanceId());
    }

    /** What ingest tells: delivered here and published to the other instances. */
    public LiveFeed feed() {
        return feed;
    }

    /** Starts the inbound side and presence once ingest exists; routes commands through the backplane. */
    public void attach(ConnectedBikes connected, CommandService commands, ServerMetrics metrics) {
        RemoteFeed inbound = new RemoteFeed(settings.instanceId(), local, roster, connected, commands, work, clock,
                counters);
        keeper = new PresenceKeeper(settings.instanceId(), connected, presence, roster, redis, inbound, work);
        remote = inbound;
        commands.sender(new CommandRouter(connected, presence, redis, settings.instanceId()));
        metrics.backplane(() -> redis.isUp() ? 1 : 0, counters::published, counters::publishFailures,
                counters::received, roster::size);
        long every = Math.max(1_000, settings.presenceTtl().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::presenceRound, every, every, TimeUnit.MILLISECONDS);
    }

    /** True when another instance holds the bike, as far as this one knows. */
    public boolean onlineElsewhere(String bikeId) {
        return roster.holder(bikeId) != null;
    }

    public BackplaneCounters counters() {
        return counters;
    }

    private void onMessage(String channel, String text) {
        RemoteFeed inbound = remote;
        if (inbound != null) {
            inbound.onMessage(channel, text);
        }
    }

    /** After a (re)connect, say at once what is here instead of waiting for the next round. */
    private void onConnected() {
        timer.execute(this::presenceRound);
    }

    private void presenceRound() {
        PresenceKeeper current = keeper;
        if (current != null) {
            current.run();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        redis.close();
        work.shutdown();
        try {
            work.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
