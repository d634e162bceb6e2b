package com.bikefleet.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How many log lines a client can cause: each connection, and each remote address over all its
 * connections and refused handshakes, gets a budget of lines a minute (a {@link TokenBucket}). Lines over
 * it are not written but counted ({@link #suppressed()}, exported as
 * {@code bikefleet_log_lines_suppressed_total}) and reported with the next line the same source may
 * write, so a client sending garbage as fast as it can fills neither the disk nor the log writer's queue.
 *
 * <p>A caller asks before it formats the line and logs it itself, so the line keeps its class name:
 * <pre>{@code
 * String note = source.admit();
 * if (note != null) {
 *     Logger.warn("Bike {} connection error: {}{}", id, ClientText.truncate(text), note);
 * }
 * }</pre>
 *
 * <p>The address table is bounded: at most {@code maxAddresses} entries, the least recently used
 * forgotten first; a forgotten address starts with a full budget again, but each of its connections still
 * has its own. Thread-safe; the lock is only taken for a line about to be logged, never per frame.
 */
public final class LogBudget {

    /** Lines a minute one connection may cause. */
    public static final int CONNECTION_LINES_PER_MINUTE = 20;
    /** Lines a minute one remote address may cause, over all its connections and handshakes. */
    public static final int ADDRESS_LINES_PER_MINUTE = 60;
    /** Remote addresses whose budget is remembered. */
    public static final int MAX_ADDRESSES = 10_000;

    private final LongSupplier nanoTime;
    private final int connectionLinesPerMinute;
    private final int addressLinesPerMinute;
    private final int maxAddresses;
    private final LongAdder suppressed = new LongAdder();
    // Guarded by itself. Access order, so the eldest entry is the least recently used.
    private final Map<String, Source> addresses;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}; a fake one in tests) */
    public LogBudget(LongSupplier nanoTime, int connectionLinesPerMinute, int addressLinesPerMinute, int maxAddresses) {
        this.nanoTime = nanoTime;
        this.connectionLinesPerMinute = connectionLinesPerMinute;
        this.addressLinesPerMinute = addressLinesPerMinute;
        this.maxAddresses = maxAddresses;
        this.addresses = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
                return size() > LogBudget.this.maxAddresses;
            }
        };
    }

    /** The server's budget with the defaults above. */
    public static LogBudget defaults() {
        return new LogBudget(System::nanoTime, CONNECTION_LINES_PER_MINUTE, ADDRESS_LINES_PER_MINUTE, MAX_ADDRESSES);
    }

    /** Log lines not written because their source was over its budget, since the server started. */
    public long suppressed() {
        return suppressed.sum();
    }

    /** The budget of a remote address, for lines that belong to no connection (a refused handshake). */
    public Source address(String remoteAddress) {
        String key = remoteAddress == null ? "unknown" : remoteAddress;
        synchronized (addresses) {
            return addresses.computeIfAbsent(key, k -> new Source(addressLinesPerMinute, null));
        }
    }

    /** A new connection's budget; its lines also count against its remote address. */
    public Source connection(String remoteAddress) {
        return new Source(connectionLinesPerMinute, remoteAddress == null ? "unknown" : remoteAddress);
    }

    /** What may log: one connection or one address. */
    public final class Source {

        private final TokenBucket bucket;
        // For a connection: its address, whose budget it shares; looked up per line, as it may be forgotten.
        private final String address;
        // Guarded by this.
        private long unreported;

        private Source(int linesPerMinute, String address) {
            this.bucket = TokenBucket.perMinute(linesPerMinute, nanoTime.getAsLong());
            this.address = address;
        }

        /**
         * Asks to write one line. Null: do not write it (it was counted as suppressed). Otherwise write it
         * with the returned text appended: empty, or a note of how many lines of this source were suppressed
         * since its last line.
         */
        public String admit() {
            return admit(true);
        }

        /**
         * As {@link #admit()}, charging only this connection's budget, not its address': for the line a
         * connection normally writes once (a bike's hello), which a fleet behind one NAT address writes for
         * every bike at each reconnect.
         */
        public String admitIgnoringAddress() {
            return admit(false);
        }

        private String admit(boolean chargeAddress) {
            long now = nanoTime.getAsLong();
            boolean admitted = take(now)
                    && (!chargeAddress || address == null || LogBudget.this.address(address).take(now));
            synchronized (this) {
                if (!admitted) {
                    unreported++;
                    suppressed.increment();
                    return null;
                }
                return takeUnreportedNote();
            }
        }

        /**
         * For a line always written (a connection's last): the note of lines suppressed and not yet
         * reported, or empty.
         */
        public synchronized String takeUnreportedNote() {
            long count = unreported;
            unreported = 0;
            return count == 0 ? "" : " [" + count + " more log lines from this "
                    + (address == null ? "address" : "connection") + " suppressed]";
        }

        private synchronized boolean take(long now) {
            return bucket.tryTake(now);
        }
    }
}
