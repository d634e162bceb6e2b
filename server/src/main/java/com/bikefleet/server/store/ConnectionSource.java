package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out JDBC connections: a new SQLite connection, or one borrowed from a PostgreSQL pool. */
@FunctionalInterface
public interface ConnectionSource {

    /** A connection the caller owns and must close (closing a pooled one returns it to the pool). */
    Connection open() throws SQLException;
}
