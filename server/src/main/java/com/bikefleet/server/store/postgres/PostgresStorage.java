package com.bikefleet.server.store.postgres;

import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.PooledConnections;
import com.bikefleet.server.store.Retention;
import com.bikefleet.server.store.SqlAccess;
import com.bikefleet.server.store.Storage;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * PostgreSQL, shared by every server instance: fixes, bike state, the bike registry, API tokens and
 * commands. One HikariCP pool per instance; the committer borrows a connection per group, so a database
 * restart fails the groups written during it (unacknowledged, the bikes send them again) and nothing else.
 */
public final class PostgresStorage implements Storage {

    private final HikariDataSource pool;
    private final String url;

    private PostgresStorage(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * Opens the pool and creates or migrates the schema.
     *
     * @param url      a {@code jdbc:postgresql://} URL
     * @param user     the user, or null to take it from the URL
     * @param password the password, or null
     * @param poolSize connections at most
     */
    public static PostgresStorage open(String url, String user, String password, int poolSize) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bikefleet-postgres");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // Start even when the database is still coming up: connections are made when first borrowed.
        config.setInitializationFailTimeout(-1);
        // pgjdbc turns a batch of single-row INSERTs into multi-row ones: one round trip per few hundred fixes.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "bike-server");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection()) {
            PostgresSchema.migrate(connection);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStorage(pool, url);
    }

    @Override
    public FixStore openFixStore(int queueCapacity, int maxGroup, CommitObserver commits) {
        return new PostgresFixStore(pool::getConnection, queueCapacity, maxGroup, commits);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public SqlAccess sql() {
        return new PooledConnections(pool::getConnection);
    }

    /** The instance's pool already serves calls side by side. */
    @Override
    public SqlAccess concurrentSql() {
        return sql();
    }

    @Override
    public Retention retention(Duration keep, Clock clock) {
        return new Retention(pool::getConnection, keep, clock);
    }

    @Override
    public String describe() {
        // The URL may carry a password as a parameter: show only what comes before the parameters.
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void close() {
        pool.close();
    }
}
