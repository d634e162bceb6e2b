package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.PooledConnections;
import com.bikefleet.server.store.SqlAccess;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Several connections to the SQLite file, borrowed per call from a HikariCP pool, for work that many
 * threads do at once. Each connection is set up like {@link SqliteDatabase#open()} (busy timeout, full
 * sync, foreign keys) through sqlite-jdbc's own data source.
 */
final class SqlitePool implements SqlAccess {

    private final HikariDataSource pool;
    private final PooledConnections connections;

    SqlitePool(SqliteDatabase database, int connections) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setBusyTimeout((int) Duration.ofSeconds(10).toMillis());
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + database.file());
        HikariConfig config = new HikariConfig();
        config.setPoolName("bikefleet-sqlite");
        config.setDataSource(source);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        this.pool = new HikariDataSource(config);
        this.connections = new PooledConnections(pool::getConnection);
    }

    @Override
    public <T> T call(Work<T> work) throws SQLException {
        return connections.call(work);
    }

    @Override
    public void close() {
        pool.close();
    }
}
