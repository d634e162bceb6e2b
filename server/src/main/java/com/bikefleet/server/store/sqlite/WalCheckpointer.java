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
 * <p>Rounds are PASSIVE: they copy what is in the log without taking the writer's lock, so no commit ever
 * waits for them. A RESTART (which blocks new writers while it copies the rest and fsyncs the database file)
 * held commits for 0.6 s on average once merge rounds wrote thousands of pages at a time. A log the committer
 * never stops appending to is restarted by the committer's own automatic checkpoint at
 * {@link #COMMITTER_AUTOCHECKPOINT_PAGES}: it runs between two of its commits, finds nearly every page copied
 * already by this thread, and lets the next commit write the log from its start, so the log stays bounded.
 * Durability does not depend on this: a commit is durable once its WAL frames are fsynced (synchronous=FULL).
 */
final class WalCheckpointer implements AutoCloseable {

    /** Pages in the WAL (80 MB) after which the committer checkpoints, and so restarts the log, itself. */
    static final int COMMITTER_AUTOCHECKPOINT_PAGES = 20_000;

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

    /** One round; the pages in the log. */
    int checkpoint() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet row = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
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
