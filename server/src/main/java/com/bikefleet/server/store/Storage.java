package com.bikefleet.server.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * One storage backend, chosen once at startup (SQLite by default, PostgreSQL when {@code store.url} names
 * one): it opens the fix store and gives the registry, API tokens and commands their SQL access, so every
 * part of one server uses the same database.
 */
public interface Storage extends AutoCloseable {

    /** The group-committed fix store; {@code commits} learns the size and write time of each committed transaction. */
    FixStore openFixStore(int queueCapacity, int maxGroup, CommitObserver commits) throws SQLException;

    /** SQL access for one component (registry, API tokens, commands); the component closes it. */
    SqlAccess sql() throws SQLException;

    /**
     * SQL access for a component whose calls come from many threads at once and must not queue behind
     * each other (the bike registry: every handshake reads a token hash on a network thread). Calls may
     * run on different connections at the same time; the component closes it.
     */
    SqlAccess concurrentSql() throws SQLException;

    /** True when other server instances may write to the same database (a shared PostgreSQL). */
    boolean shared();

    /** The retention job's deletes, on connections of their own. */
    Retention retention(Duration keep, Clock clock);

    /** Where the data is, for the startup line (no secrets). */
    String describe();

    @Override
    void close();
}
