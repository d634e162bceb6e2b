package com.bikefleet.server.live;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.tinylog.Logger;

/** A listener's Tyrus session; sends are asynchronous, so no thread waits on a slow socket. */
final class TyrusLiveSocket implements LiveSocket {

    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final Session session;

    TyrusLiveSocket(Session session) {
        this.session = session;
    }

    @Override
    public void send(String frame, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(frame, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            // A session closed meanwhile refuses the send instead of calling back.
            done.accept(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason)));
        } catch (IOException | IllegalStateException e) {
            Logger.debug("Closing live listener {} failed: {}", session.getId(), e.getMessage());
        }
    }

    /** A close reason must fit in 123 bytes of UTF-8; ours are ASCII. */
    private static String truncate(String reason) {
        return reason.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES ? reason
                : reason.substring(0, MAX_CLOSE_REASON_BYTES - 3) + "...";
    }
}
