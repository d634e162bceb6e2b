package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * One bike's open WebSocket: who it is, what it has said so far, and how to answer it. Frames of one
 * session are handled one at a time, in order (on the network thread or, after a large one, in the
 * {@link BulkFrameLane}), so the protocol state needs no lock; sends may come from the store's thread
 * too, and Tyrus serialises those.
 */
final class BikeConnection {

    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final String bikeId;
    private final Session session;
    private final MessageCodec codec;
    // Set once by the hello, read by later frames of the same session.
    private volatile String outboxId;
    private final CumulativeAck fixesAck = new CumulativeAck();
    private final CumulativeAck telemetryAck = new CumulativeAck();
    // Used by whichever thread handles this session's frames: one at a time, network thread or bulk lane.
    private final RateLimiter rate;
    // This session's frames waiting in or being handled by the bulk lane; later frames follow them there.
    private final AtomicInteger framesInBulkLane = new AtomicInteger();

    BikeConnection(String bikeId, Session session, MessageCodec codec, RateLimiter rate) {
        this.bikeId = bikeId;
        this.session = session;
        this.codec = codec;
        this.rate = rate;
    }

    RateLimiter rate() {
        return rate;
    }

    boolean hasFramesInBulkLane() {
        return framesInBulkLane.get() > 0;
    }

    void bulkFrameQueued() {
        framesInBulkLane.incrementAndGet();
    }

    void bulkFrameDone() {
        framesInBulkLane.decrementAndGet();
    }

    String bikeId() {
        return bikeId;
    }

    String outboxId() {
        return outboxId;
    }

    void helloReceived(String outboxId, long floor) {
        fixesAck.floor(floor);
        this.outboxId = outboxId;
    }

    CumulativeAck fixesAck() {
        return fixesAck;
    }

    CumulativeAck telemetryAck() {
        return telemetryAck;
    }

    boolean helloDone() {
        return outboxId != null;
    }

    void send(Message message) {
        if (session.isOpen()) {
            session.getAsyncRemote().sendText(codec.encode(message));
        }
    }

    /** Reports a problem: an error message, then a close when the code ends the connection. */
    void reject(int code, String problem) {
        if (!session.isOpen()) {
            return;
        }
        String error = codec.encode(new ErrorMessage(code, problem));
        if (!ProtocolCodes.closesConnection(code)) {
            session.getAsyncRemote().sendText(error);
            return;
        }
        // Close only once the error is on its way, or the close could overtake it.
        session.getAsyncRemote().sendText(error, sent -> close(code, problem));
    }

    void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncate(reason)));
        } catch (IOException | IllegalStateException e) {
            Logger.debug("Closing the connection of bike {} failed: {}", bikeId, e.getMessage());
        }
    }

    /** A close reason must fit in 123 bytes of UTF-8. */
    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_CLOSE_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // The cut may split a character; drop a trailing replacement char if so.
        return cut.replaceAll("\uFFFD$", "") + "...";
    }
}
