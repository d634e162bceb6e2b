package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Borrows a connection from a pool for each call; the pool belongs to the storage, not to this. */
public final class PooledConnections implements SqlAccess {

    private final ConnectionSource pool;

    public PooledConnections(ConnectionSource pool) {
        this.pool = pool;
    }

    @Override
    public <T> T call(Work<T> work) throws SQLException {
        try (Connection connection = pool.open()) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        // Nothing held between calls.
    }
}
