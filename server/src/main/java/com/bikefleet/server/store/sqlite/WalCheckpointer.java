package com.bikefleet.server.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Copies the write-ahead log back into the database file on a thread and connection of its own, so the
 * committer's commits are only the WAL append and its fsync. Left to SQLite, every commit that takes the WAL
 * past 1,000 pages copies them and fsyncs the database file itself, on the committer thread, while every ack
 * waits: the checkpoint tail of docs/performance-log.md, "Store at ten times the seed rate".
 *
 * <p>Each round first copies what it can without holding anyone up (PASSIVE); a log that keeps growing because
 * the committer never pauses is then finished with RESTART, which waits for the writer lock only for the few
 * pages appended since, and lets the next commit start the log from its beginning again, so it stays bounded.
 * The committer's own automatic checkpoint stays as a safety net at {@link #COMMITTER_AUTOCHECKPOINT_PAGES}.
 * Durability does not depend on this: a commit is durable once its WAL frames are fsynced (synchronous=FULL).
 */
final class WalCheckpointer implements AutoCloseable {

    /** Pages in the WAL after which the committer checkpoints itself: only if this thread falls far behind. */
    static final int COMMITTER_AUTOCHECKPOINT_PAGES = 20_000;

    /** A round's PASSIVE copy is followed by a RESTART from this many pages in the log on. */
    static final int RESTART_FROM_PAGES = 1_000;

    private final Connection connection;
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean running = true;

    WalCheckpointer(Connection connection, long intervalMillis) {
        this.connection = connection;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::run, "store-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(intervalMillis);
                checkpoint();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                // The committer's own automatic checkpoint still bounds the log meanwhile.
                Logger.warn(e, "A WAL checkpoint failed; the next round tries again");
            }
        }
    }

    /** One round; the WAL's pages after the PASSIVE copy. */
    int checkpoint() throws SQLException {
        int logPages = run("PASSIVE");
        if (logPages >= RESTART_FROM_PAGES) {
            run("RESTART");
        }
        return logPages;
    }

    private int run(String mode) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet row = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            // busy, pages in the log, pages checkpointed
            return row.next() ? row.getInt(2) : 0;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            Logger.warn(e, "Closing the checkpointer's connection failed");
        }
    }
}
