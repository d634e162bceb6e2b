package com.bikefleet.agent.link;

import java.util.concurrent.TimeUnit;

/**
 * Decides which failed connection attempts are worth a line in the agent's log, which on a bike is on the SD
 * card. Out of coverage the agent retries every few seconds for hours; a line per attempt re-dirties the log
 * file's last page about every half minute (the kernel's write-back period), which measured as the largest
 * write of a disconnected agent after the outbox's own (docs/performance-log.md, "SD-card writes"). So the
 * first failure of a run of failures is logged, a new reason is logged, and the same reason again only once
 * per {@link #REPEAT_NANOS}, with the attempts it stood for; the others go to the debug level.
 *
 * <p>Not thread-safe: the link's worker thread owns it. Times are {@code nanoTime}.
 */
final class ReconnectLog {

    /** How often a bike that stays out of coverage says so in its log. */
    static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** What to log for one failed attempt. */
    record Line(boolean info, long attemptsSinceLogged) {
    }

    private String lastReason;
    private long loggedAtNanos;
    /** Failed attempts since the last one logged at info, that one included. */
    private long attempts;

    /** A connection attempt failed or a connection ended, for {@code reason}. */
    Line failed(String reason, long now) {
        attempts++;
        boolean info = lastReason == null || !lastReason.equals(reason) || now - loggedAtNanos >= REPEAT_NANOS;
        if (!info) {
            return new Line(false, attempts);
        }
        Line line = new Line(true, attempts);
        lastReason = reason;
        loggedAtNanos = now;
        attempts = 0;
        return line;
    }

    /** A connection opened: the next failure starts a new run and is logged. */
    void connected() {
        lastReason = null;
        attempts = 0;
    }
}
