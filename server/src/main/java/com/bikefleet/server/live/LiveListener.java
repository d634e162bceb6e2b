package com.bikefleet.server.live;

import com.bikefleet.model.protocol.ProtocolCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * One listener's subscription and queue. The queue keeps only the latest update per key (bike and kind),
 * so a slow listener costs at most one entry per followed bike; at most one frame is in flight, and a
 * listener whose frame does not go out within the send timeout, or whose queue overflows (more than
 * {@code maxPending} updates, or more than {@link #MAX_PENDING_CHARS} characters of them: the next frame's
 * size), is closed with 4003.
 *
 * <p>Threads: {@link #offer} runs on the committer and Grizzly threads, {@link #subscribe} and
 * {@link #snapshotReady} on the session's Tyrus thread, {@link #flush} on the dispatcher thread, send
 * completions on Grizzly's. All state is guarded by {@code lock}, held only for map and field updates;
 * frames are built and sent outside it.
 */
final class LiveListener {

    /** Characters of queued updates, which the next frame joins: some 25,000 positions. */
    static final long MAX_PENDING_CHARS = 4L * 1024 * 1024;

    private final LiveSocket socket;
    private final LiveJson json;
    private final LiveCounters counters;
    private final long sendTimeoutMillis;
    private final int maxPending;
    private final long maxPendingChars;
    private final Object lock = new Object();

    // Guarded by lock.
    private Subscription subscription = new Subscription.None();
    private final Map<String, LiveUpdate> pending = new LinkedHashMap<>();
    private long pendingChars;
    private boolean awaitingSnapshot;
    private String snapshot;
    private boolean sending;
    private long sendingSince;
    private boolean overflowed;
    private boolean closed;

    LiveListener(LiveSocket socket, LiveJson json, LiveCounters counters, long sendTimeoutMillis, int maxPending) {
        this(socket, json, counters, sendTimeoutMillis, maxPending, MAX_PENDING_CHARS);
    }

    LiveListener(LiveSocket socket, LiveJson json, LiveCounters counters, long sendTimeoutMillis, int maxPending,
                 long maxPendingChars) {
        this.maxPendingChars = maxPendingChars;
        this.socket = socket;
        this.json = json;
        this.counters = counters;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.maxPending = maxPending;
    }

    /** Queues an update if it matches; replaces an unsent one with the same key. Never blocks on the socket. */
    void offer(LiveUpdate update) {
        synchronized (lock) {
            if (closed || !subscription.matches(update.bikeId(), update.where())) {
                return;
            }
            // The index may offer the same update twice (the bike is named and inside the box): once is enough.
            if (pending.get(update.key()) == update) {
                return;
            }
            // Remove first so the replacement goes to the end: a frame lists updates in the order they happened.
            LiveUpdate replaced = pending.remove(update.key());
            if (replaced != null) {
                counters.coalesced.incrementAndGet();
                pendingChars -= replaced.fragment().length();
            }
            pending.put(update.key(), update);
            pendingChars += update.fragment().length();
            if (pending.size() > maxPending || pendingChars > maxPendingChars) {
                overflowed = true;
            }
        }
    }

    /**
     * Switches to a new subscription: what was queued for the old one is dropped, and nothing is sent
     * until {@link #snapshotReady} has queued the snapshot, so the snapshot always comes first.
     */
    void subscribe(Subscription next) {
        synchronized (lock) {
            subscription = next;
            pending.clear();
            pendingChars = 0;
            snapshot = null;
            awaitingSnapshot = true;
        }
    }

    Subscription subscription() {
        synchronized (lock) {
            return subscription;
        }
    }

    void snapshotReady(String frame) {
        synchronized (lock) {
            snapshot = frame;
            awaitingSnapshot = false;
        }
    }

    /** Called every batch interval: sends what is queued as one frame, or closes a listener that is too slow. */
    void flush(long nowMillis) {
        flush(nowMillis, new SharedFrames(json));
    }

    /** As {@link #flush(long)}, sharing the frame with the tick's other listeners whose updates are the same. */
    void flush(long nowMillis, SharedFrames frames) {
        String snapshotFrame = null;
        List<String> fragments = null;
        String slow = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (overflowed) {
                slow = pending.size() > maxPending ? "more than " + maxPending + " updates waiting"
                        : "more than " + maxPendingChars + " characters of updates waiting";
            } else if (sending && nowMillis - sendingSince > sendTimeoutMillis) {
                slow = "a frame has not gone out for " + (nowMillis - sendingSince) + " ms";
            } else if (sending || awaitingSnapshot) {
                return;
            } else if (snapshot != null) {
                snapshotFrame = snapshot;
                snapshot = null;
            } else if (!pending.isEmpty()) {
                fragments = new ArrayList<>(pending.size());
                for (LiveUpdate update : pending.values()) {
                    fragments.add(update.fragment());
                }
                pending.clear();
                pendingChars = 0;
            } else {
                return;
            }
            if (slow != null) {
                closed = true;
                pending.clear();
                pendingChars = 0;
            } else {
                sending = true;
                sendingSince = nowMillis;
            }
        }
        if (slow != null) {
            counters.closedTooSlow.incrementAndGet();
            Logger.warn("Closing a live listener that is too slow: {}", slow);
            socket.close(ProtocolCodes.LISTENER_TOO_SLOW, "listener too slow: " + slow);
            return;
        }
        socket.send(snapshotFrame != null ? snapshotFrame : frames.updatesFrame(fragments), this::sent);
    }

    private void sent(Throwable failure) {
        synchronized (lock) {
            sending = false;
            if (failure != null) {
                closed = true;
                pending.clear();
                pendingChars = 0;
            }
        }
        if (failure != null) {
            Logger.debug("A live listener's send failed: {}", failure.toString());
        }
    }

    /** The session has closed; later offers are ignored. */
    void closed() {
        synchronized (lock) {
            closed = true;
            pending.clear();
            pendingChars = 0;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
