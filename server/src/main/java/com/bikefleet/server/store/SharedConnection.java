package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One connection shared by the callers of one component, one call at a time (the SQLite way). */
public final class SharedConnection implements SqlAccess {

    // Guarded by itself.
    private final Connection connection;

    public SharedConnection(Connection connection) {
        this.connection = connection;
    }

    @Override
    public <T> T call(Work<T> work) throws SQLException {
        synchronized (connection) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("closing a connection failed", e);
            }
        }
    }
}
