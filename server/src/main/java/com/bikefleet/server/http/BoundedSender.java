package com.bikefleet.server.http;

import jakarta.websocket.Session;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Sends a session's text frames asynchronously and counts the bytes handed to Tyrus whose send has not
 * completed: the replies queued for a client that does not read. Tyrus and Grizzly queue asynchronous
 * sends without limit, so a client that sends but never reads (each frame answered with an error or an
 * ack) would otherwise grow the server's heap until it is exhausted. Over the bound, the frame is refused
 * and so is every later one: the owner closes the connection. One frame of any size is taken while nothing
 * is queued, so the bound only has to cover the backlog, not the largest frame.
 *
 * <p>Called from any thread (network, bulk lane, committer, live dispatcher); the bookkeeping is guarded
 * by this object, never held across the send itself.
 */
public final class BoundedSender {

    private final Session session;
    private final long maxQueuedBytes;
    private final LongAdder allQueued;
    // Guarded by this.
    private long queued;
    private boolean refused;
    private boolean released;

    /**
     * @param maxQueuedBytes bytes (UTF-8) of frames not yet written to the socket that this session may have
     * @param allQueued      the total over all sessions of one kind, for /metrics
     */
    public BoundedSender(Session session, long maxQueuedBytes, LongAdder allQueued) {
        this.session = session;
        this.maxQueuedBytes = maxQueuedBytes;
        this.allQueued = allQueued;
    }

    /**
     * Starts sending and returns at once; {@code done} gets null once the frame has been written, else the
     * failure. Returns false, without sending or calling {@code done}, when the frame would take the queue over
     * the bound (or an earlier one did): the client is not reading, and the caller should close.
     */
    public boolean send(String text, Consumer<Throwable> done) {
        long size = ClientText.utf8Length(text);
        synchronized (this) {
            if (refused || (queued > 0 && queued + size > maxQueuedBytes)) {
                refused = true;
                return false;
            }
            queued += size;
            if (!released) {
                allQueued.add(size);
            }
        }
        try {
            session.getAsyncRemote().sendText(text, result -> {
                sent(size);
                done.accept(result.isOK() ? null : result.getException());
            });
        } catch (RuntimeException e) {
            // A session closed meanwhile refuses the send instead of calling back.
            sent(size);
            done.accept(e);
        }
        return true;
    }

    private synchronized void sent(long size) {
        queued -= size;
        if (!released) {
            allQueued.add(-size);
        }
    }

    /** Bytes of frames handed to Tyrus and not yet written. */
    public synchronized long queuedBytes() {
        return queued;
    }

    /**
     * The session has closed: its frames no longer count in the total even if Tyrus never reports them done
     * (a socket that never drains).
     */
    public synchronized void release() {
        if (!released) {
            released = true;
            allQueued.add(-queued);
        }
    }
}
