package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a piece of SQL work on a connection the caller does not keep. For SQLite that is one connection
 * shared under a lock; for PostgreSQL, one borrowed from the pool for the duration of the work, so a
 * restarted database costs one failed call, not a dead component.
 */
public interface SqlAccess extends AutoCloseable {

    /** One piece of work on a connection in auto-commit mode. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T call(Work<T> work) throws SQLException;

    @Override
    void close();
}
