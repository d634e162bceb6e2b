package com.bikefleet.server.store;

import com.bikefleet.server.store.postgres.PostgresStorage;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Which database the server keeps its data in.
 *
 * @param url      a {@code jdbc:postgresql://} URL, or null for the SQLite file in the data folder
 * @param user     the PostgreSQL user, or null to take it from the URL
 * @param password the PostgreSQL password, or null
 * @param poolSize PostgreSQL connections at most, per instance
 */
public record StoreSettings(String url, String user, String password, int poolSize) {

    public static final String POSTGRES_PREFIX = "jdbc:postgresql://";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final StoreSettings SQLITE = new StoreSettings(null, null, null, DEFAULT_POOL_SIZE);

    public StoreSettings {
        if (url != null && !url.startsWith(POSTGRES_PREFIX)) {
            throw new IllegalArgumentException("store URL must start with " + POSTGRES_PREFIX);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be positive, was " + poolSize);
        }
    }

    public static StoreSettings postgres(String url) {
        return new StoreSettings(url, null, null, DEFAULT_POOL_SIZE);
    }

    /** Opens the chosen backend: PostgreSQL when a URL is set, else SQLite in {@code dataDir}. */
    public Storage open(Path dataDir) throws SQLException {
        return url == null ? SqliteStorage.open(dataDir) : PostgresStorage.open(url, user, password, poolSize);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return url == null ? "sqlite" : "postgresql " + url.replaceAll("(?i)password=[^&]*", "password=****")
                + (user == null ? "" : " user=" + user) + (password == null ? "" : " password=****");
    }
}
