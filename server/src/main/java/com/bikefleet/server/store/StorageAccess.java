package com.bikefleet.server.store;

import java.sql.SQLException;

/** SQL access that owns its storage: closing it closes the storage too (for one-shot command-line tools). */
public final class StorageAccess implements SqlAccess {

    private final Storage storage;
    private final SqlAccess sql;

    public StorageAccess(Storage storage) throws SQLException {
        this.storage = storage;
        this.sql = storage.sql();
    }

    @Override
    public <T> T call(Work<T> work) throws SQLException {
        return sql.call(work);
    }

    @Override
    public void close() {
        try {
            sql.close();
        } finally {
            storage.close();
        }
    }
}
