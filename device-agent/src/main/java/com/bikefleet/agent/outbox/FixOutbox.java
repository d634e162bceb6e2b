package com.bikefleet.agent.outbox;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What the link needs from an outbox: numbered fixes and readings kept until the server's cumulative ack
 * covers them. {@link Outbox} keeps them durably in SQLite, with a {@link FixJournal} in front (a real bike);
 * the fleet simulator keeps its virtual bikes' in memory (its own {@code MemoryOutbox}), which would otherwise
 * need a file each.
 *
 * <p>Implementations are not thread-safe: one thread owns an outbox (the agent's worker thread).
 * Methods declare {@link SQLException} because the durable one can fail; the memory one never does.
 */
public interface FixOutbox extends AutoCloseable {

    String outboxId();

    /** The sequence number of the newest fix ever appended (0 for a new outbox). */
    long lastSeq();

    /** Fixes waiting for an ack. */
    long depth();

    /** Fixes this outbox has dropped, ever, because it was full. */
    long dropped();

    /**
     * Sequence numbers (fixes and readings) this outbox skipped, ever, because the server already held them
     * ({@link #serverHolds}).
     */
    long skipped();

    /** The unreadable outbox this one replaced, or null. */
    default String previousOutboxId() {
        return null;
    }

    /** Why this outbox replaced another ({@code corrupt}), or null when it did not. */
    default String resetReason() {
        return null;
    }

    /**
     * The server holds fixes up to {@code highestSeq} and readings up to {@code highestTelemetrySeq} of this
     * outbox. Numbers at or below those that this outbox has not confirmed with the server since it was opened
     * are moved above them, so none is reused: the outbox had rolled back (a lost write-ahead log), and the
     * server would drop the reused numbers as duplicates. The jump is kept, so it survives a restart.
     *
     * @return how many numbers were skipped now; 0 when the outbox was not behind
     */
    long serverHolds(long highestSeq, long highestTelemetrySeq) throws SQLException;

    /** Everything up to this number is gone (acknowledged or dropped); {@link #lastSeq()} when empty. */
    long floor() throws SQLException;

    /** Keeps a fix and returns it numbered. */
    Position append(Fix fix) throws SQLException;

    /** Up to {@code limit} pending fixes with {@code after < seq < before}, oldest first. */
    List<Position> pendingBetween(long after, long before, int limit) throws SQLException;

    /** The newest pending fix, or null when nothing is pending. */
    Position newestPending() throws SQLException;

    /** Deletes every fix the server's cumulative ack covers; returns how many were deleted. */
    int acknowledge(long upToSeq) throws SQLException;

    /** Keeps a telemetry reading and returns it numbered. */
    Telemetry.Reading appendReading(Instant time, String name, String value) throws SQLException;

    /** Up to {@code limit} pending readings after {@code afterSeq}, oldest first. */
    List<Telemetry.Reading> pendingReadings(long afterSeq, int limit) throws SQLException;

    /** Everything up to this telemetry number is gone from the outbox. */
    long telemetryFloor() throws SQLException;

    int acknowledgeReadings(long upToSeq) throws SQLException;

    @Override
    void close() throws SQLException;
}
