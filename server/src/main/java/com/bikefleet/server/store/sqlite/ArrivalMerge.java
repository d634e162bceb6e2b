package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.FixColumns;
import com.bikefleet.server.store.BikeStateChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Moves live fixes from {@code fix_arrivals} into the bike-ordered {@code fix_history}, in rounds: a round
 * starts once arrivals hold {@link Policy#rows} fixes or the oldest has waited {@link Policy#age}, takes every
 * fix committed by then, writes them bike by bike in chunks of about {@link Policy#chunkRows} fixes (each its
 * own short transaction, between the committer's groups, so a live fix waits for at most one chunk), and ends
 * by deleting the round's range of arrivals, as many chunks of {@code n}. A bike's fixes of a whole round share its history pages, so the
 * round writes each page once where one-fix commits wrote it once a fix.
 *
 * <p>A round cut short (an error, a crash) is taken again from the start: a chunk's insert ignores keys the
 * history already holds, and the arrivals stay until the round that copied them has ended.
 *
 * <p>Runs on the committer's thread and its connection (SQLite has one writer at a time anyway).
 */
final class ArrivalMerge {

    /**
     * When rounds start, how big a chunk is, and how many arrivals may wait at most.
     *
     * @param rows      arrivals that start a round
     * @param ageNanos  how long the oldest arrival may wait for a round
     * @param chunkRows fixes a chunk writes, about (whole bikes)
     * @param maxHeld   arrivals held at most: past it live fixes are refused (the store is busy, 4103) until a
     *                  round has caught up. {@link FixArrivals} holds each in memory (about 300 bytes with its
     *                  indexes), and a committer kept busy by a reconnect storm's resends once let 2.7 million
     *                  pile up, 1 GB of heap, and the server spent its cores collecting garbage
     */
    record Policy(int rows, long ageNanos, int chunkRows, long maxHeld) {

        /**
         * Rounds every 5 s at the ten-times rate (5 fixes a bike share its history pages) and every 10 s below
         * it; at most four rounds' worth held (some 60 MB).
         */
        static final Policy DEFAULT = new Policy(50_000, TimeUnit.SECONDS.toNanos(10), 1_000, 200_000);

        Policy {
            if (rows < 1 || ageNanos < 0 || chunkRows < 1 || maxHeld < 1) {
                throw new IllegalArgumentException("merge rows, chunk and held must be at least 1, age at least 0");
            }
        }

        Policy(int rows, long ageNanos, int chunkRows) {
            this(rows, ageNanos, chunkRows, Long.MAX_VALUE);
        }
    }

    /**
     * While arrivals hold two rounds' worth or more, a step goes on for up to this long instead of one chunk:
     * the committer gives the merge a step only between groups (once per eight while every group is full), and
     * one chunk a step merged fewer fixes a second than came in.
     */
    static final long BEHIND_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final String DELETE_ARRIVALS = "DELETE FROM fix_arrivals WHERE n <= ?";
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Connection connection;
    private final ImmediateTransactions transactions;
    private final FixArrivals arrivals;
    private final LiveBikeStates states;
    private final Policy policy;
    private final LongSupplier nanoTime;
    private PreparedStatement insert;
    private PreparedStatement delete;
    private PreparedStatement upsertState;
    // The round under way: every arrival up to upToN, its bikes in id order, the next bike to write.
    private long upToN = -1;
    private List<String> bikes;
    private int nextBike;
    // The round's arrivals with n up to this are deleted already.
    private long deletedUpTo;
    // When arrivals last went from empty to holding a fix, or a round left some behind.
    private long waitingSince;
    private long loggedAt;
    // Written by the committer, read by metrics.
    private volatile long rounds;
    private volatile long busyNanos;

    ArrivalMerge(Connection connection, ImmediateTransactions transactions, FixArrivals arrivals,
                 LiveBikeStates states, Policy policy, LongSupplier nanoTime) {
        this.connection = connection;
        this.states = states;
        this.transactions = transactions;
        this.arrivals = arrivals;
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.waitingSince = nanoTime.getAsLong();
    }

    /** Arrivals were committed; {@code before} is how many there were until then. */
    void arrived(int before) {
        if (before == 0) {
            waitingSince = nanoTime.getAsLong();
        }
    }

    /** Does one step of a round, if one is under way or due: one chunk, or the round's end. */
    void step() {
        if (upToN < 0 && !due()) {
            return;
        }
        long started = nanoTime.getAsLong();
        while (advance() && arrivals.size() >= 2L * policy.rows()
                && nanoTime.getAsLong() - started < BEHIND_STEP_NANOS) {
            // Behind: more chunks in this step (see BEHIND_STEP_NANOS).
        }
    }

    /** Whether live fixes must wait: arrivals hold {@link Policy#maxHeld} or more. Any thread. */
    boolean full() {
        return arrivals.size() >= policy.maxHeld();
    }

    /** Runs rounds until arrivals are empty: at a clean shutdown, so the file holds every fix in history. */
    void drain() {
        while (arrivals.size() > 0 || !states.isEmpty() || upToN >= 0) {
            if (!advance()) {
                return; // logged; the next start merges what is left
            }
        }
    }

    /** One chunk or a round's end, starting a round if none is under way; false if it failed. */
    private boolean advance() {
        try {
            long started = nanoTime.getAsLong();
            if (upToN < 0) {
                upToN = arrivals.lastCommittedN();
                bikes = arrivals.bikes();
                nextBike = 0;
                deletedUpTo = arrivals.firstCommittedN() - 1;
                states.startFlush();
            }
            if (states.flushing()) {
                writeStates();
            } else if (nextBike < bikes.size()) {
                writeChunk();
            } else {
                deleteMerged();
            }
            busyNanos += nanoTime.getAsLong() - started;
            return true;
        } catch (SQLException | RuntimeException e) {
            upToN = -1;
            rollback();
            long now = nanoTime.getAsLong();
            if (loggedAt == 0 || now - loggedAt >= LOG_EVERY_NANOS) {
                loggedAt = now;
                Logger.error(e, "Merging live fixes into the history failed; the round starts again (nothing is lost:"
                        + " the fixes stay in fix_arrivals until a round has copied them)");
            }
            return false;
        }
    }

    /** Rounds completed, for metrics and tests. */
    long rounds() {
        return rounds;
    }

    /** Time spent merging so far, for metrics: the committer's time besides its groups. */
    long busyNanos() {
        return busyNanos;
    }

    private boolean due() {
        int waiting = arrivals.size() + (states.isEmpty() ? 0 : 1);
        return waiting >= policy.rows()
                || waiting > 0 && nanoTime.getAsLong() - waitingSince >= policy.ageNanos();
    }

    private void writeChunk() throws SQLException {
        prepare();
        transactions.begin();
        int rows = 0;
        while (nextBike < bikes.size() && rows < policy.chunkRows()) {
            String bikeId = bikes.get(nextBike++);
            for (FixArrivals.Arrival arrival : arrivals.of(bikeId, upToN)) {
                FixColumns.bindRow(insert, 1, bikeId, arrival.outboxId(), arrival.seq(), arrival.fix(),
                        arrival.receivedAt());
                insert.addBatch();
                rows++;
            }
        }
        insert.executeBatch();
        transactions.commit();
    }

    /**
     * Deletes the round's arrivals a chunk of {@code n} at a time (a live fix waits for one such step, not for
     * the whole round's delete), and ends the round with the last.
     */
    private void deleteMerged() throws SQLException {
        prepare();
        long upTo = Math.min(upToN, deletedUpTo + policy.chunkRows());
        transactions.begin();
        delete.setLong(1, upTo);
        delete.executeUpdate();
        transactions.commit();
        deletedUpTo = upTo;
        if (upTo < upToN) {
            return;
        }
        arrivals.merged(upToN);
        upToN = -1;
        bikes = null;
        rounds++;
        waitingSince = nanoTime.getAsLong();
    }

    /** The round's first steps: what live fixes said about their bikes until it started, one row a bike. */
    private void writeStates() throws SQLException {
        prepare();
        transactions.begin();
        List<String> written = states.bindTo(upsertState, policy.chunkRows());
        upsertState.executeBatch();
        transactions.commit();
        states.flushed(written);
    }

    private void prepare() throws SQLException {
        if (insert == null) {
            insert = connection.prepareStatement(SqliteFixWriter.INSERT_HISTORY);
            delete = connection.prepareStatement(DELETE_ARRIVALS);
            upsertState = connection.prepareStatement(BikeStateChanges.upsert("MAX"));
        }
    }

    private void rollback() {
        try {
            if (insert != null) {
                insert.clearBatch();
                upsertState.clearBatch();
            }
            transactions.rollback();
        } catch (SQLException e) {
            Logger.error(e, "Rolling back a merge chunk failed");
        }
    }
}
