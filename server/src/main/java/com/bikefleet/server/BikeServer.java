package com.bikefleet.server;

import com.bikefleet.server.api.BikesApi;
import com.bikefleet.server.api.HealthApi;
import com.bikefleet.server.api.RequireApiToken;
import com.bikefleet.server.api.StatsApi;
import com.bikefleet.server.map.MapPage;
import com.bikefleet.server.map.MapSettings;
import com.bikefleet.server.map.MapSettingsApi;
import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.command.CommandStore;
import com.bikefleet.server.http.WebServer;
import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.ingest.BikeIngest;
import com.bikefleet.server.ingest.HandshakeAdmission;
import com.bikefleet.server.live.LiveFanout;
import com.bikefleet.server.live.LiveHub;
import com.bikefleet.server.live.LiveSettings;
import com.bikefleet.server.metrics.MetricsApi;
import com.bikefleet.server.metrics.ServerMetrics;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.backplane.Backplane;
import com.bikefleet.server.backplane.BackplaneSettings;
import com.bikefleet.server.live.LiveFeed;
import com.bikefleet.server.live.LiveHandoff;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.RetentionSchedule;
import com.bikefleet.server.store.Storage;
import com.bikefleet.server.store.StorageProbe;
import com.bikefleet.server.store.StoreSettings;
import com.bikefleet.server.store.backend.StorageBackends;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The whole server, wired once: storage, registry, bike ingest, HTTP API, all on one listener. */
public final class BikeServer implements AutoCloseable {

    private final Storage storage;
    private final FixStore store;
    // Null for a single instance (no Redis).
    private final Backplane backplane;
    private final BikeRegistry registry;
    private final CommandStore commandStore;
    private final ApiTokens apiTokens;
    private final BikeIngest ingest;
    private final LiveHandoff handoff;
    private final LiveFanout live;
    private final WebServer web;
    private final ServerMetrics metrics;
    private final StorageProbe storageProbe;
    // Null when retention is off (keep forever).
    private final RetentionSchedule retention;

    /** A readiness write that takes longer than this means storage is not keeping up. */
    private static final Duration STORAGE_PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Retention runs soon after start (not during it), then hourly: old data goes within the hour. */
    private static final Duration RETENTION_FIRST_RUN = Duration.ofMinutes(1);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private BikeServer(Storage storage, FixStore store, Backplane backplane, BikeRegistry registry, CommandStore commandStore, ApiTokens apiTokens,
                       BikeIngest ingest, LiveHandoff handoff, LiveFanout live, WebServer web, ServerMetrics metrics,
                       StorageProbe storageProbe, RetentionSchedule retention) {
        this.handoff = handoff;
        this.live = live;
        this.storage = storage;
        this.store = store;
        this.backplane = backplane;
        this.registry = registry;
        this.commandStore = commandStore;
        this.apiTokens = apiTokens;
        this.ingest = ingest;
        this.web = web;
        this.metrics = metrics;
        this.storageProbe = storageProbe;
        this.retention = retention;
    }

    public static BikeServer start(ServerSettings settings, Clock clock) throws SQLException {
        return start(settings, LiveSettings.defaults(), clock);
    }

    public static BikeServer start(ServerSettings settings, LiveSettings liveSettings, Clock clock) throws SQLException {
        return start(settings, liveSettings, MapSettings.defaults(), clock);
    }

    public static BikeServer start(ServerSettings settings, LiveSettings liveSettings, MapSettings mapSettings,
                                   Clock clock) throws SQLException {
        return start(settings, liveSettings, mapSettings, StoreSettings.SQLITE, null, clock);
    }

    /**
     * @param storeSettings SQLite in the data folder, or a PostgreSQL database shared with other instances
     * @param backplaneSettings the Redis backplane that joins this instance to others, or null for one instance
     */
    public static BikeServer start(ServerSettings settings, LiveSettings liveSettings, MapSettings mapSettings,
                                   StoreSettings storeSettings, BackplaneSettings backplaneSettings, Clock clock)
            throws SQLException {
        Storage storage = StorageBackends.open(storeSettings, settings.dataDir());
        ServerMetrics metrics = new ServerMetrics();
        FixStore store;
        try {
            store = storage.openFixStore(settings.storeQueueCapacity(), settings.maxCommitGroup(), metrics::committed);
        } catch (SQLException | RuntimeException e) {
            storage.close();
            throw e;
        }
        metrics.storageQueue(store::queuedWrites);
        metrics.storageLiveLag(store::liveLagNanos);
        metrics.duplicateConflicts(store::conflictingDuplicates);
        StorageProbe storageProbe = new StorageProbe(store, clock, STORAGE_PROBE_TIMEOUT);
        BikeRegistry registry = new BikeRegistry(storage.concurrentSql(), new SecureRandom(), clock);
        CommandStore commandStore = new CommandStore(storage.sql(), !storage.shared());
        ApiTokens apiTokens = new ApiTokens(storage.sql(), new SecureRandom(), clock);
        LiveFanout live = null;
        LiveHandoff handoff = null;
        Backplane backplane = null;
        try {
            CommandService commands = new CommandService(commandStore, clock);
            LiveHub hub = new LiveHub();
            // Chosen once: one instance feeds its hub directly; several also publish through Redis.
            LiveFeed feed = hub;
            if (backplaneSettings != null && backplaneSettings.enabled()) {
                backplane = new Backplane(backplaneSettings, hub, clock);
                feed = backplane.feed();
            }
            // Ingest tells the live side on a thread of its own, never on the store's acks thread.
            handoff = new LiveHandoff(feed);
            metrics.liveHandoff(handoff::queued, handoff::dropped);
            // New bikes wait while the store's live writes are behind, before connected bikes' writes are refused (4103).
            HandshakeAdmission admission = new HandshakeAdmission(store::liveLagNanos, HandshakeAdmission.DEFER_FROM,
                    new Random());
            metrics.handshakesDeferred(admission::deferred);
            // One budget for every client-caused log line: per connection, and per address over all of them.
            LogBudget logs = LogBudget.defaults();
            BikeIngest ingest = new BikeIngest(registry, store, commands, clock, settings.idleTimeout(),
                    settings.maxFrameBytes(), settings.limits(), handoff, metrics, admission, logs);
            metrics.connectedBikes(ingest.connected()::count);
            java.util.function.Predicate<String> online = ingest.connected()::isOnline;
            if (backplane != null) {
                backplane.attach(ingest.connected(), commands, metrics);
                Backplane joined = backplane;
                online = bikeId -> ingest.connected().isOnline(bikeId) || joined.onlineElsewhere(bikeId);
            }
            live = new LiveFanout(hub, store, online, apiTokens, liveSettings, clock, logs);
            metrics.liveFanout(live::listenersConnected, live::updatesCoalesced, live::listenersClosedTooSlow);
            metrics.clientBounds(ingest::queuedBytes, live::queuedBytes, ingest::closedNotReading, logs::suppressed);
            LiveFanout fanout = live;
            List<WebServer.Route> routes = new ArrayList<>(List.of(
                    new WebServer.Route(BikesApi.PATH, new RequireApiToken(apiTokens,
                            new BikesApi(store, online, commands, registry::isRegistered))),
                    new WebServer.Route(StatsApi.PATH, new RequireApiToken(apiTokens, new StatsApi(
                            ingest.connected()::count, fanout::listenersConnected, ingest::fixesStored))),
                    new WebServer.Route(MapSettingsApi.PATH, new RequireApiToken(apiTokens,
                            new MapSettingsApi(mapSettings))),
                    new WebServer.Route(HealthApi.PATH, new HealthApi(storageProbe)),
                    new WebServer.Route(MetricsApi.PATH, new MetricsApi(metrics))));
            routes.addAll(MapPage.routes());
            WebServer web = WebServer.start(settings.bindAddress(), settings.port(), settings.idleTimeout().toMillis(),
                    settings.tls(), settings.httpTimeouts(), List.of(ingest.endpointConfig(), live.endpointConfig()),
                    List.of(ingest.guard(), live.guard()), routes);
            metrics.door(web::connectionsTimedOut, web::upgradesRefusedForPath, web::framesRefused);
            RetentionSchedule retention = settings.retention().isZero() ? null : new RetentionSchedule(
                    storage.retention(settings.retention(), clock), RETENTION_FIRST_RUN, RETENTION_EVERY);
            return new BikeServer(storage, store, backplane, registry, commandStore, apiTokens, ingest, handoff, live, web,
                    metrics, storageProbe, retention);
        } catch (RuntimeException e) {
            if (handoff != null) {
                handoff.close();
            }
            if (live != null) {
                live.close();
            }
            if (backplane != null) {
                backplane.close();
            }
            storageProbe.close();
            apiTokens.close();
            commandStore.close();
            registry.close();
            store.close();
            storage.close();
            throw e;
        }
    }

    public int port() {
        return web.port();
    }

    /** Where the data is, for the startup line. */
    public String storage() {
        return storage.describe();
    }

    public BikeRegistry registry() {
        return registry;
    }

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    public BikeIngest ingest() {
        return ingest;
    }

    public LiveFanout live() {
        return live;
    }

    /** What the server counts, as /metrics shows it. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Stops taking connections first, then lets the store write what it has accepted. */
    @Override
    public void close() {
        web.close();
        ingest.close();
        handoff.close();
        live.close();
        if (backplane != null) {
            backplane.close();
        }
        if (retention != null) {
            retention.close();
        }
        storageProbe.close();
        store.close();
        commandStore.close();
        apiTokens.close();
        registry.close();
        storage.close();
    }
}
