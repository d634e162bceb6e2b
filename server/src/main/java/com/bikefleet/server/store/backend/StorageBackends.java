package com.bikefleet.server.store.backend;

import com.bikefleet.server.store.Storage;
import com.bikefleet.server.store.StoreSettings;
import com.bikefleet.server.store.postgres.PostgresStorage;
import com.bikefleet.server.store.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The one place that knows every storage backend. It sits above them, so the backends depend on
 * {@code server.store} and never the other way.
 */
public final class StorageBackends {

    private StorageBackends() {
    }

    /** Opens the chosen backend: PostgreSQL when {@code settings} name a URL, else SQLite in {@code dataDir}. */
    public static Storage open(StoreSettings settings, Path dataDir) throws SQLException {
        return settings.url() == null ? SqliteStorage.open(dataDir)
                : PostgresStorage.open(settings.url(), settings.user(), settings.password(), settings.poolSize());
    }
}
