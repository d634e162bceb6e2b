package com.bikefleet.agent.link;

import java.util.concurrent.TimeUnit;

/**
 * Tells a fix lost on an open connection from a server that is merely slow. The server acknowledges
 * cumulatively, so one fix that never reaches its store (a frame lost anywhere between the bike's socket and
 * the commit) holds every later ack below it for as long as the connection lasts. That shows as acks that
 * keep coming without moving while fixes are owed; a slow server sends none, or moves the ack now and then.
 * After such a stall has lasted the limit, everything pending should be sent again from the floor (the
 * server keeps each fix once), and each resend on one connection doubles the limit, so a server that is
 * behind on a backlog is not flooded with copies of it.
 *
 * <p>One per connection; not thread-safe (the link's worker thread owns it). Times are {@code nanoTime}.
 */
final class AckStallWatch {

    private static final long MAX_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final long firstLimitNanos;
    private long limitNanos;
    /** Highest fix seq acknowledged on this connection, -1 before the first ack. */
    private long ackedSeq = -1;
    /** When the ack last moved, or nothing was owed. */
    private long progressAtNanos;
    /** Acks received since the ack last moved. */
    private int staleAcks;

    /** @param limitNanos how long a stuck ack is tolerated before the first resend */
    AckStallWatch(long limitNanos, long openedAtNanos) {
        this.firstLimitNanos = limitNanos;
        this.limitNanos = limitNanos;
        this.progressAtNanos = openedAtNanos;
    }

    /** An ack for everything up to {@code seq} arrived. */
    void acked(long seq, long now) {
        if (seq > ackedSeq) {
            ackedSeq = seq;
            progressAtNanos = now;
            staleAcks = 0;
            limitNanos = firstLimitNanos;
        } else {
            staleAcks++;
        }
    }

    /**
     * Called now and then with whether fixes are owed; true when they should be sent again now (and the
     * watch has started over, with a doubled limit).
     */
    boolean shouldResend(boolean fixesOwed, long now) {
        if (!fixesOwed) {
            progressAtNanos = now;
            staleAcks = 0;
            return false;
        }
        if (staleAcks == 0 || now - progressAtNanos < limitNanos) {
            return false;
        }
        progressAtNanos = now;
        staleAcks = 0;
        limitNanos = Math.min(limitNanos * 2, MAX_LIMIT_NANOS);
        return true;
    }

    /** Highest fix seq acknowledged on this connection, -1 before the first ack; for the log line. */
    long ackedSeq() {
        return ackedSeq;
    }
}
