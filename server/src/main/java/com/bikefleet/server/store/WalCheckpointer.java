package com.bikefleet.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Copies the SQLite write-ahead log back into the database file on a thread of its own.
 *
 * <p>By default SQLite checkpoints inside the commit that grows the log past 1,000 pages, on the
 * committing thread: with the store's one committer that is a commit every few seconds that also
 * writes and syncs the main file, and every ack waiting on it stalls (tens to hundreds of milliseconds
 * at 1,000 fixes/s). The committer's connection therefore turns automatic checkpoints off and this
 * runs a PASSIVE checkpoint at a fixed delay from its own connection: PASSIVE never waits for the
 * writer or readers, and in WAL mode the writer goes on appending while it runs.
 */
final class WalCheckpointer implements AutoCloseable {

    // Owned by the checkpoint thread.
    private final Connection connection;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "sqlite-checkpoint");
        t.setDaemon(true);
        return t;
    });

    WalCheckpointer(SqliteDatabase database, Duration every) throws SQLException {
        this.connection = database.open();
        thread.scheduleWithFixedDelay(this::checkpoint, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Turns off the checkpoints SQLite would otherwise run inside this connection's commits. */
    static void disableAutomaticCheckpoints(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
        }
    }

    private void checkpoint() {
        try (Statement s = connection.createStatement();
             ResultSet result = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (result.next() && result.getInt(1) != 0) {
                Logger.debug("WAL checkpoint was busy; trying again at the next run");
            }
        } catch (SQLException | RuntimeException e) {
            // The next run tries again; a log that is not copied back only grows until then.
            Logger.warn(e, "WAL checkpoint failed");
        }
    }

    /** Stops the thread and runs one last checkpoint, so a clean stop leaves a short log. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
        try {
            connection.close();
        } catch (SQLException e) {
            Logger.warn(e, "Closing the checkpoint connection failed");
        }
    }
}
