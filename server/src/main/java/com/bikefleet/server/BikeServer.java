package com.bikefleet.server;

import com.bikefleet.server.api.BikesApi;
import com.bikefleet.server.api.RequireApiToken;
import com.bikefleet.server.registry.ApiTokens;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.command.CommandStore;
import com.bikefleet.server.http.WebServer;
import com.bikefleet.server.ingest.BikeIngest;
import com.bikefleet.server.live.LiveFanout;
import com.bikefleet.server.live.LiveHub;
import com.bikefleet.server.live.LiveSettings;
import com.bikefleet.server.registry.BikeRegistry;
import com.bikefleet.server.store.SqliteDatabase;
import com.bikefleet.server.store.SqliteFixStore;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** The whole server, wired once: storage, registry, bike ingest, HTTP API, all on one listener. */
public final class BikeServer implements AutoCloseable {

    private final SqliteFixStore store;
    private final BikeRegistry registry;
    private final CommandStore commandStore;
    private final ApiTokens apiTokens;
    private final BikeIngest ingest;
    private final LiveFanout live;
    private final WebServer web;

    private BikeServer(SqliteFixStore store, BikeRegistry registry, CommandStore commandStore, ApiTokens apiTokens,
                       BikeIngest ingest, LiveFanout live, WebServer web) {
        this.live = live;
        this.store = store;
        this.registry = registry;
        this.commandStore = commandStore;
        this.apiTokens = apiTokens;
        this.ingest = ingest;
        this.web = web;
    }

    public static BikeServer start(ServerSettings settings, Clock clock) throws SQLException {
        return start(settings, LiveSettings.defaults(), clock);
    }

    public static BikeServer start(ServerSettings settings, LiveSettings liveSettings, Clock clock) throws SQLException {
        SqliteDatabase database = new SqliteDatabase(settings.dataDir());
        database.initialize();
        SqliteFixStore store = new SqliteFixStore(database, settings.storeQueueCapacity(), settings.maxCommitGroup());
        BikeRegistry registry = new BikeRegistry(database, new SecureRandom(), clock);
        CommandStore commandStore = new CommandStore(database);
        ApiTokens apiTokens = new ApiTokens(database, new SecureRandom(), clock);
        LiveFanout live = null;
        try {
            CommandService commands = new CommandService(commandStore, clock);
            LiveHub hub = new LiveHub();
            BikeIngest ingest = new BikeIngest(registry, store, commands, clock, settings.idleTimeout(),
                    settings.maxFrameBytes(), settings.limits(), hub);
            live = new LiveFanout(hub, store, ingest.connected()::isOnline, apiTokens, liveSettings, clock);
            WebServer web = WebServer.start(settings.bindAddress(), settings.port(), settings.maxFrameBytes() + 64 * 1024,
                    settings.idleTimeout().toMillis(), settings.tls(),
                    List.of(ingest.endpointConfig(), live.endpointConfig()), List.of(ingest.authAddOn(), live.authAddOn()),
                    List.of(new WebServer.Route(BikesApi.PATH, new RequireApiToken(apiTokens,
                            new BikesApi(store, ingest.connected(), commands)))));
            return new BikeServer(store, registry, commandStore, apiTokens, ingest, live, web);
        } catch (RuntimeException e) {
            if (live != null) {
                live.close();
            }
            apiTokens.close();
            commandStore.close();
            registry.close();
            store.close();
            throw e;
        }
    }

    public int port() {
        return web.port();
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

    /** Stops taking connections first, then lets the store write what it has accepted. */
    @Override
    public void close() {
        web.close();
        live.close();
        store.close();
        commandStore.close();
        apiTokens.close();
        registry.close();
    }
}
