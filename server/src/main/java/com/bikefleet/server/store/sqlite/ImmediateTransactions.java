package com.bikefleet.server.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Write transactions on a connection in auto-commit mode that take SQLite's write lock when they begin
 * ({@code BEGIN IMMEDIATE}). A transaction that reads before it writes (a duplicate check before an insert)
 * would otherwise start as a reader and fail with SQLITE_BUSY, without waiting, when another connection (the
 * checkpointer) moved the database on before its first write; an immediate one waits its turn instead
 * (busy_timeout). The JDBC driver's own transactions cannot be made so without holding the lock between them.
 *
 * <p>Used by the one thread that owns the connection.
 */
final class ImmediateTransactions {

    private final Statement statement;
    // Prepared once: as plain statements each BEGIN and COMMIT was parsed and prepared anew, which a profile of
    // a backfill found in a tenth of the committer's samples.
    private final PreparedStatement begin;
    private final PreparedStatement commit;

    ImmediateTransactions(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalArgumentException("the connection must be in auto-commit mode");
        }
        this.statement = connection.createStatement();
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
    }

    void begin() throws SQLException {
        begin.execute();
    }

    void commit() throws SQLException {
        commit.execute();
    }

    /** Rolls back the open transaction, if one is open (a failed BEGIN leaves none). */
    void rollback() throws SQLException {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                throw e;
            }
        }
    }
}
