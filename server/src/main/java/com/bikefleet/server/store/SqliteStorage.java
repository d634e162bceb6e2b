package com.bikefleet.server.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntConsumer;

/** The embedded default: one SQLite file in the data folder. */
public final class SqliteStorage implements Storage {

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
    public FixStore openFixStore(int queueCapacity, int maxGroup, IntConsumer commitSizes) throws SQLException {
        return new SqliteFixStore(database, queueCapacity, maxGroup, commitSizes);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public SqlAccess sql() throws SQLException {
        return new SharedConnection(database.open());
    }

    @Override
    public Retention retention(Duration keep, Clock clock) {
        return new Retention(database, keep, clock);
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
