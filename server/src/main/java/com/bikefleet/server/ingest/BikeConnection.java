package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.http.BoundedSender;
import com.bikefleet.server.http.ClientText;
import com.bikefleet.server.http.LogBudget;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * One bike's open WebSocket: who it is, what it has said so far, and how to answer it. Frames of one
 * session are handled one at a time, in order (on the network thread or, after a large one, in the
 * {@link BulkFrameLane}), so the protocol state needs no lock; sends may come from the store's thread
 * too, and Tyrus serialises those.
 *
 * <p>Every frame to the bike goes through a {@link BoundedSender}: a bike that has more than
 * {@link BikeSends#maxQueuedBytes()} of replies not yet written to its socket is not reading, and is
 * closed with 1008 instead of being answered further.
 */
final class BikeConnection {

    private static final Consumer<Throwable> IGNORE = failure -> { };

    private final String bikeId;
    private final long admission;
    private final Session session;
    private final MessageCodec codec;
    private final BoundedSender sender;
    private final BikeSends sends;
    private final LogBudget.Source logs;
    private final AtomicBoolean closedNotReading = new AtomicBoolean();
    // Set once by the hello, read by later frames of the same session.
    private volatile String outboxId;
    private final CumulativeAck fixesAck = new CumulativeAck();
    private final CumulativeAck telemetryAck = new CumulativeAck();
    // Used by whichever thread handles this session's frames: one at a time, network thread or bulk lane.
    private final RateLimiter rate;
    // This session's frames waiting in or being handled by the bulk lane; later frames follow them there.
    private final AtomicInteger framesInBulkLane = new AtomicInteger();
    // The highest fix seq the store may hold for this outbox: read at the hello, raised by every batch.
    // Written and read by the thread handling this connection's frames, one frame at a time.
    private long highestSeqMaybeStored = Long.MAX_VALUE;

    /**
     * @param admission where the connection's upgrade came in the order the server admitted upgrades
     *                  ({@link BikeUpgradeGuard}); the later admitted of two connections of a bike is the newer
     * @param logs      this connection's budget of log lines
     */
    BikeConnection(String bikeId, long admission, Session session, MessageCodec codec, RateLimiter rate,
                   BikeSends sends, LogBudget.Source logs) {
        this.bikeId = bikeId;
        this.admission = admission;
        this.session = session;
        this.codec = codec;
        this.rate = rate;
        this.sends = sends;
        this.logs = logs;
        this.sender = session == null ? null : new BoundedSender(session, sends.maxQueuedBytes(), sends.queuedBytes());
    }

    /** The store's highest fix seq for this connection's outbox, as answered to its hello. */
    void storeHeld(long highestSeq) {
        highestSeqMaybeStored = highestSeq;
    }

    /**
     * Whether a batch of seqs {@code lowest..highest} may repeat a key the store holds; then counts it as
     * possibly stored, since it is about to be.
     */
    boolean mayRepeat(long lowest, long highest) {
        boolean repeat = lowest <= highestSeqMaybeStored;
        highestSeqMaybeStored = highestSeqMaybeStored == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(highestSeqMaybeStored, highest);
        return repeat;
    }

    /** This connection's budget of log lines; see {@link LogBudget}. */
    LogBudget.Source logs() {
        return logs;
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

    long admission() {
        return admission;
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
            sendText(codec.encode(message), IGNORE);
        }
    }

    /** Bytes of frames to this bike not yet written to its socket. */
    long queuedBytes() {
        return sender.queuedBytes();
    }

    private void sendText(String text, Consumer<Throwable> done) {
        if (!sender.send(text, done)) {
            notReading();
        }
    }

    /** Once: the bike lets its replies pile up; answering it further would only grow the server's heap. */
    private void notReading() {
        if (!closedNotReading.compareAndSet(false, true)) {
            return;
        }
        sends.closedNotReading().incrementAndGet();
        String note = logs.admit();
        if (note != null) {
            Logger.warn("Bike {} does not read: {} bytes of replies unsent; closing with 1008{}", bikeId,
                    sender.queuedBytes(), note);
        }
        // No error message first: it would only queue behind the rest.
        close(ProtocolCodes.POLICY_VIOLATION, "not reading: more than " + sends.maxQueuedBytes()
                + " bytes of replies unsent");
    }

    /** The session has closed: what is still queued for it no longer counts as queued. */
    void closed() {
        if (sender != null) {
            sender.release();
        }
    }

    /** Reports a problem: an error message, then a close when the code ends the connection. */
    void reject(int code, String problem) {
        reject(new ErrorMessage(code, problem));
    }

    void reject(ErrorMessage message) {
        int code = message.code();
        String problem = message.message();
        if (!session.isOpen()) {
            return;
        }
        String error = codec.encode(message);
        if (!ProtocolCodes.closesConnection(code)) {
            sendText(error, IGNORE);
            return;
        }
        // Close only once the error is on its way, or the close could overtake it.
        sendText(error, sent -> close(code, problem));
    }

    void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), ClientText.closeReason(reason)));
        } catch (IOException | IllegalStateException e) {
            Logger.debug("Closing the connection of bike {} failed: {}", bikeId, e.getMessage());
        }
    }
}
