package com.bikefleet.server.live;

import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.http.UpgradeGuard;
import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.store.FixStore;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/** The listener-facing side of the server: builds {@code /ws/live}, runs the dispatcher, exposes counts. */
public final class LiveFanout implements AutoCloseable {

    private final LiveHub hub;
    private final LiveDispatcher dispatcher;
    private final ServerEndpointConfig endpointConfig;
    private final LiveUpgradeGuard guard;

    /**
     * @param hub    the feed ingest publishes to
     * @param online whether a bike is connected and past its hello, for snapshots
     */
    public LiveFanout(LiveHub hub, FixStore store, Predicate<String> online, ApiTokens tokens, LiveSettings settings,
                      Clock clock, LogBudget logs) {
        this.hub = hub;
        hub.seed(store.bikes());
        LiveSnapshots snapshots = new LiveSnapshots(store, online, hub.json(), hub::backlog);
        SubscriptionParser parser = new SubscriptionParser();
        long sendTimeout = settings.sendTimeout().toMillis();
        this.endpointConfig = ServerEndpointConfig.Builder.create(LiveEndpoint.class, LivePath.PATH)
                // A browser offering its token as a subprotocol must get one of its offers echoed back.
                .subprotocols(List.of(LivePath.SUBPROTOCOL))
                .configurator(new LiveHandshake(() -> new LiveEndpoint(hub, snapshots, parser,
                        socket -> new LiveListener(socket, hub.json(), hub.counters(), sendTimeout,
                                settings.maxPendingUpdates()))))
                .build();
        this.guard = new LiveUpgradeGuard(tokens, settings.socketSendBuffer(), logs);
        this.dispatcher = new LiveDispatcher(hub, clock);
        dispatcher.start(settings.batchInterval());
    }

    public ServerEndpointConfig endpointConfig() {
        return endpointConfig;
    }

    /** Who may open a listener connection, for the web server's upgrade gate. */
    public UpgradeGuard guard() {
        return guard;
    }

    public int listenersConnected() {
        return hub.listeners().size();
    }

    /** Listeners in the subscription index; equals {@link #listenersConnected} once closed ones are removed. */
    public int listenersIndexed() {
        return hub.indexed();
    }

    /** Updates replaced in a listener's queue by a newer one for the same bike before they were sent. */
    public long updatesCoalesced() {
        return hub.counters().coalesced.get();
    }

    public long listenersClosedTooSlow() {
        return hub.counters().closedTooSlow.get();
    }

    /** Bytes of frames to listeners not yet written to their sockets. */
    public long queuedBytes() {
        return hub.counters().queuedBytes.sum();
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
