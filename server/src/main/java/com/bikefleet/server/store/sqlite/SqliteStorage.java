package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.Retention;
import com.bikefleet.server.store.SharedConnection;
import com.bikefleet.server.store.SqlAccess;
import com.bikefleet.server.store.Storage;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/** The embedded default: one SQLite file in the data folder. */
public final class SqliteStorage implements Storage {

    /** As many as the server's Grizzly workers (two per core on the benchmark machine's two cores). */
    private static final int CONCURRENT_CONNECTIONS = 4;

    private final SqliteDatabase database;

    private SqliteStorage(SqliteDatabase database) {
        this.database = database;
    }

    /** Creates the folder and schema if needed. */
    public static SqliteStorage open(Path dataDir) throws SQLException {
        SqliteDatabase database = new SqliteDatabase(dataDir);
        database.initialize();
        return new SqliteStorage(database);
    }

    @Override
    public FixStore openFixStore(int queueCapacity, int maxGroup, CommitObserver commits) throws SQLException {
        return new SqliteFixStore(database, queueCapacity, maxGroup, commits);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public SqlAccess sql() throws SQLException {
        return new SharedConnection(database.open());
    }

    /**
     * A small HikariCP pool of SQLite connections: in WAL mode readers run side by side (and beside the
     * writer), so handshakes no longer wait for one locked connection; a write waits for SQLite's lock
     * (busy_timeout), as it would on a shared connection. Closing the access closes the pool.
     */
    @Override
    public SqlAccess concurrentSql() {
        return new SqlitePool(database, CONCURRENT_CONNECTIONS);
    }

    @Override
    public Retention retention(Duration keep, Clock clock) {
        return new Retention(database, keep, clock, "fix_history");
    }

    @Override
    public String describe() {
        return database.file().toAbsolutePath().getParent().toString();
    }

    @Override
    public void close() {
        // Every connection belongs to a component that closes it.
    }
}
