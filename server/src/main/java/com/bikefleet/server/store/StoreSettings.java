package com.bikefleet.server.store;

/**
 * Which database the server keeps its data in ({@code StorageBackends} opens it).
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

    /** Never shows the password. */
    @Override
    public String toString() {
        return url == null ? "sqlite" : "postgresql " + url.replaceAll("(?i)password=[^&]*", "password=****")
                + (user == null ? "" : " user=" + user) + (password == null ? "" : " password=****");
    }
}
