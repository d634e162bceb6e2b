package com.bikefleet.server.live;

import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.http.BoundedSender;
import com.bikefleet.server.http.ClientText;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A listener's Tyrus session; sends are asynchronous, so no thread waits on a slow socket. Every frame
 * goes through a {@link BoundedSender}: {@link LiveListener} keeps one update frame in flight, but error
 * replies to bad subscriptions do not wait for it, so a listener sending bad subscriptions without reading
 * would otherwise grow the queue without end. Over {@link #MAX_QUEUED_BYTES} the listener is closed with
 * 4003, like one that is too slow.
 */
final class TyrusLiveSocket implements LiveSocket {

    /**
     * Bytes of frames not yet written to one listener's socket. One frame of any size (a snapshot of the
     * whole fleet) is always taken when nothing is queued; this bounds what piles up behind it.
     */
    static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    private final Session session;
    private final BoundedSender sender;
    private final LiveCounters counters;
    private final AtomicBoolean closedNotReading = new AtomicBoolean();

    TyrusLiveSocket(Session session, LiveCounters counters) {
        this.session = session;
        this.counters = counters;
        this.sender = new BoundedSender(session, MAX_QUEUED_BYTES, counters.queuedBytes);
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        if (sender.send(frame, done)) {
            return;
        }
        if (closedNotReading.compareAndSet(false, true)) {
            counters.closedTooSlow.incrementAndGet();
            Logger.warn("Closing a live listener that does not read: {} bytes unsent", sender.queuedBytes());
            close(ProtocolCodes.LISTENER_TOO_SLOW, "listener too slow: more than " + MAX_QUEUED_BYTES
                    + " bytes unsent");
        }
        done.accept(new IllegalStateException("listener not reading"));
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), ClientText.closeReason(reason)));
        } catch (IOException | IllegalStateException e) {
            Logger.debug("Closing live listener {} failed: {}", session.getId(), e.getMessage());
        }
    }

    /** The session has closed: what is still queued for it no longer counts. */
    void released() {
        sender.release();
    }
}
