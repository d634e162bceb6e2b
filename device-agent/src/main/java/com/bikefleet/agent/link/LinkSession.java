package com.bikefleet.agent.link;

import com.bikefleet.agent.outbox.FixOutbox;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.ProtocolException;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.protocol.TelemetryAck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.Logger;

/**
 * One connection attempt and, if it opens, the connection: says hello, waits for the server's
 * outboxState, hands sending to an {@link OutboxSender}, deletes what the server acknowledges, pings with a
 * deadline, repeats the status, and sends everything again when the ack is stuck below a lost fix. It
 * never reconnects: {@link ServerLink} makes a fresh session for each attempt.
 *
 * <p>States: DIALING -> OPEN -> ENDED, or DIALING -> ENDED. The owner hears of the end exactly once
 * ({@link Owner#ended}), unless it {@link #cancel cancelled} the session itself; whatever the wire reports
 * after the end changes nothing.
 *
 * <p>Threads: every method, and every {@link Wire.Events} callback, runs on the link's thread (the agent's
 * worker), which also owns the outbox.
 */
final class LinkSession implements Wire.Events {

    /** Who made the session, and reconnects when it ends. */
    interface Owner {

        /** The hello and the status went out; results kept while offline may follow. */
        void opened(LinkSession session);

        void ended(LinkSession session, Disconnect why);
    }

    private enum State { DIALING, OPEN, ENDED }

    /** How long to wait after a 4102 before resending: long enough for a token bucket to refill. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofSeconds(1);
    /**
     * After a 4103 the resend waits a time drawn between these: a busy store told many bikes at once, and
     * they should come back spread out, not together; a few seconds lets a stalled commit finish.
     */
    static final Duration STORE_BUSY_PAUSE_MIN = Duration.ofSeconds(2);
    static final Duration STORE_BUSY_PAUSE_MAX = Duration.ofSeconds(8);

    private final LinkSettings settings;
    private final FixOutbox outbox;
    private final LinkScheduler scheduler;
    private final MessageCodec codec;
    private final Owner owner;
    private final LinkListener listener;

    private State state = State.DIALING;
    private Wire wire;
    private OutboxSender sender;
    /** Notices an ack held below a fix lost on this connection. */
    private AckStallWatch ackStall;
    private LinkScheduler.Task heartbeat;
    private LinkScheduler.Task outboxStateTimeout;
    /** A resend scheduled after a 4102 or 4103; null once it ran or none is due. */
    private LinkScheduler.Task resend;
    /** What the scheduled resend sends: everything pending, or only the ranges the store refused (4103). */
    private boolean resendAll;
    private final List<SeqRange> refused = new ArrayList<>();
    /** When the connection opened (nanoTime), or -1 while it has not. */
    private long openedAtNanos = -1;
    /** When the unanswered ping was sent (nanoTime), or -1 when none is outstanding. */
    private long pingSentAtNanos = -1;
    private long lastStatusAtNanos;
    private String gpsState;
    private Status lastStatusSent;
    /** The hello went out and the server's outboxState has not come: nothing numbered is sent meanwhile. */
    private boolean awaitingOutboxState;

    LinkSession(LinkSettings settings, FixOutbox outbox, LinkScheduler scheduler, MessageCodec codec,
                String gpsState, Owner owner, LinkListener listener) {
        this.settings = settings;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.codec = codec;
        this.gpsState = gpsState;
        this.owner = owner;
        this.listener = listener;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** When the connection opened (nanoTime), or -1 when it never did. */
    long openedAtNanos() {
        return openedAtNanos;
    }

    /** A fix was committed to the outbox: send it now if fixes are flowing. */
    void fixAppended(Position position) {
        if (sending()) {
            guarded(() -> sender.appended(position));
        }
    }

    /** A telemetry reading was committed to the outbox. */
    void readingAppended() {
        if (sending()) {
            guarded(sender::sendMore);
        }
    }

    void gpsState(String state) {
        gpsState = state;
        sendStatusIfChanged();
    }

    /** The network changed under an open connection: find out now whether it still works. */
    void connectivityChanged() {
        if (state == State.OPEN && pingSentAtNanos < 0) {
            ping();
        }
    }

    /** Sends a command's result; only while open (the owner keeps results while it is not). */
    void sendCommandResult(CommandResult result) {
        send(result);
    }

    /** The owner stops for good: a clean close if open, and no {@link Owner#ended}. */
    void cancel() {
        State was = state;
        state = State.ENDED;
        cancelTimers();
        if (was == State.OPEN) {
            wire.close(ProtocolCodes.GOING_AWAY, "agent shutting down");
        }
    }

    @Override
    public void onOpen(Wire opened) {
        if (state != State.DIALING) {
            opened.abort(ProtocolCodes.NORMAL, "superseded");
            return;
        }
        state = State.OPEN;
        wire = opened;
        openedAtNanos = scheduler.nanoTime();
        ackStall = new AckStallWatch(settings.pongTimeout().toNanos(), openedAtNanos);
        sender = new OutboxSender(outbox, settings.bikeId(), settings.batchSize(), settings.window(), this::send);
        try {
            send(new Hello(settings.bikeId(), settings.agentVersion(), ProtocolCodes.PROTOCOL_VERSION,
                    outbox.outboxId(), outbox.floor(), outbox.dropped(), outbox.skipped(), outbox.previousOutboxId(),
                    outbox.resetReason()));
        } catch (SQLException e) {
            Logger.error(e, "Reading the outbox failed");
        }
        Logger.info("Connected to {}; {} fixes to send", settings.endpoint(), outbox.depth());
        sendStatusIfChanged();
        // Numbered fixes wait for the server's outboxState: if this outbox rolled back, they must be renumbered
        // first, or the server would take them for duplicates. A server that never answers is an older one.
        awaitingOutboxState = true;
        outboxStateTimeout = scheduler.schedule(settings.handshakeTimeout(), () -> {
            if (state == State.OPEN && awaitingOutboxState) {
                Logger.warn("The server did not answer the hello with its outboxState within {} ms (an older "
                        + "server?): sending without checking the outbox against it",
                        settings.handshakeTimeout().toMillis());
                startSending();
            }
        });
        heartbeat = scheduler.repeat(settings.pingInterval(), this::heartbeat);
        owner.opened(this);
    }

    @Override
    public void onText(String frame) {
        if (state != State.OPEN) {
            return;
        }
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            CommandResult refused = CommandScreen.invalid(frame, e);
            if (refused != null) {
                Logger.warn("Refusing command {}: {}", refused.id(), refused.message());
                send(refused);
            } else {
                Logger.warn("Ignoring a frame from the server that is not valid: {}", e.getMessage());
            }
            return;
        }
        if (message instanceof OutboxState held) {
            onOutboxState(held);
        } else if (message instanceof Ack ack) {
            onAck(ack.seq());
        } else if (message instanceof TelemetryAck ack) {
            guarded(() -> {
                outbox.acknowledgeReadings(ack.seq());
                sender.telemetryAcknowledged();
            });
        } else if (message instanceof ErrorMessage error) {
            onError(error);
        } else if (message instanceof Command command) {
            CommandResult refused = CommandScreen.tooLarge(command, frame);
            if (refused != null) {
                Logger.warn("Refusing command {} ({}): {}", command.id(), command.name(), refused.message());
                send(refused);
            } else {
                listener.onCommand(command);
            }
        }
    }

    @Override
    public void onPong() {
        if (state == State.OPEN) {
            pingSentAtNanos = -1;
        }
    }

    @Override
    public void onEnd(Disconnect why) {
        if (state != State.ENDED) {
            end(why);
        }
    }

    private void end(Disconnect why) {
        state = State.ENDED;
        cancelTimers();
        sender = null;
        owner.ended(this, why);
    }

    private void cancelTimers() {
        awaitingOutboxState = false;
        for (LinkScheduler.Task task : new LinkScheduler.Task[] {heartbeat, outboxStateTimeout, resend}) {
            if (task != null) {
                task.cancel();
            }
        }
    }

    private boolean sending() {
        return state == State.OPEN && !awaitingOutboxState;
    }

    private void startSending() {
        awaitingOutboxState = false;
        outboxStateTimeout.cancel();
        guarded(sender::start);
    }

    /** The server's highest seqs for this outbox: renumber above them if the outbox is behind, then send. */
    private void onOutboxState(OutboxState held) {
        if (!awaitingOutboxState) {
            return;
        }
        if (!held.outboxId().equals(outbox.outboxId())) {
            Logger.warn("Ignoring an outboxState for outbox {}; this one is {}", held.outboxId(), outbox.outboxId());
            return;
        }
        long lastSeq = outbox.lastSeq();
        guarded(() -> {
            long skipped = outbox.serverHolds(held.highestSeq(), held.highestTelemetrySeq());
            if (skipped > 0) {
                Logger.warn("The outbox had rolled back: the server holds seq {} (readings {}) of outbox {} but the "
                                + "outbox had numbered only to {}; new fixes are numbered from {} ({} numbers skipped, "
                                + "{} in all), none reused", held.highestSeq(), held.highestTelemetrySeq(),
                        outbox.outboxId(), lastSeq, outbox.lastSeq() + 1, skipped, outbox.skipped());
            }
        });
        startSending();
        sendStatusIfChanged();
    }

    private void onAck(long seq) {
        ackStall.acked(seq, scheduler.nanoTime());
        guarded(() -> {
            outbox.acknowledge(seq);
            listener.onAcknowledged(seq);
            sender.acknowledged(seq);
        });
        sendStatusIfChanged();
    }

    private void onError(ErrorMessage error) {
        Logger.warn("Server reported error {}: {}", error.code(), error.message());
        if (error.code() == ProtocolCodes.RATE_LIMITED) {
            // A frame was dropped unread; send what is pending again once the server's budget refills.
            resendAll = true;
            resendAfter(RATE_LIMIT_PAUSE);
        } else if (error.code() == ProtocolCodes.STORE_BUSY) {
            // A batch was not taken, the connection stays: live fixes go on, and the refused batch goes again
            // after the pause. Only that batch: the ack is held below it, and resending all above the floor
            // would give a busy store more of what it has already stored.
            if (error.firstSeq() != null && error.lastSeq() != null) {
                refused.add(new SeqRange(error.firstSeq(), error.lastSeq()));
            } else {
                resendAll = true; // a telemetry batch, or a server that does not say which
            }
            long min = STORE_BUSY_PAUSE_MIN.toNanos();
            resendAfter(Duration.ofNanos(ThreadLocalRandom.current().nextLong(min, STORE_BUSY_PAUSE_MAX.toNanos() + 1)));
        }
    }

    /** Resends after {@code pause}; one resend covers every refusal before it runs. */
    private void resendAfter(Duration pause) {
        if (resend != null) {
            return;
        }
        resend = scheduler.schedule(pause, () -> {
            resend = null;
            boolean all = resendAll;
            List<SeqRange> ranges = List.copyOf(refused);
            resendAll = false;
            refused.clear();
            if (!sending()) {
                return;
            }
            if (all) {
                guarded(sender::resendPending);
            } else {
                guarded(() -> {
                    for (SeqRange range : ranges) {
                        sender.resend(range.first(), range.last());
                    }
                });
            }
        });
    }

    /** Fix seqs {@code first..last}, both included. */
    private record SeqRange(long first, long last) {
    }

    /** Pings, declares the link dead when a ping goes unanswered too long, and repeats the status. */
    private void heartbeat() {
        if (state != State.OPEN) {
            return;
        }
        long now = scheduler.nanoTime();
        if (pingSentAtNanos >= 0 && now - pingSentAtNanos >= settings.pongTimeout().toNanos()) {
            Logger.warn("No pong within {} ms: the link is dead", settings.pongTimeout().toMillis());
            wire.abort(ProtocolCodes.GOING_AWAY, "no pong");
            end(Disconnect.dropped("no pong within " + settings.pongTimeout().toMillis() + " ms"));
            return;
        }
        if (pingSentAtNanos < 0) {
            ping();
        }
        checkAckProgress(now);
        if (now - lastStatusAtNanos >= settings.statusEvery().toNanos()) {
            lastStatusSent = null;
            sendStatusIfChanged();
        }
    }

    /** Sends everything pending again when the ack is held below a lost fix ({@link AckStallWatch}). */
    private void checkAckProgress(long now) {
        if (awaitingOutboxState) {
            return;
        }
        long owed = outbox.depth();
        if (ackStall.shouldResend(owed > 0, now)) {
            Logger.warn("The server's acknowledgement has not moved past seq {} while acks came: "
                    + "sending the {} pending fixes again", ackStall.ackedSeq(), owed);
            guarded(sender::resendPending);
        }
    }

    private void ping() {
        pingSentAtNanos = scheduler.nanoTime();
        wire.ping();
    }

    /**
     * Sends the status when the GPS state or the drop count changed; the outbox depth alone changes with
     * every ack during a backlog drain, so it rides along and is refreshed by the periodic status.
     */
    private void sendStatusIfChanged() {
        if (state != State.OPEN) {
            return;
        }
        Status status = new Status(gpsState, outbox.depth(), outbox.dropped(), outbox.skipped());
        if (lastStatusSent == null || !status.gps().equals(lastStatusSent.gps())
                || status.dropped() != lastStatusSent.dropped() || status.skipped() != lastStatusSent.skipped()) {
            send(status);
            lastStatusSent = status;
            lastStatusAtNanos = scheduler.nanoTime();
        }
    }

    private void send(Message message) {
        wire.send(codec.encode(message));
    }

    private interface OutboxTask {
        void run() throws SQLException;
    }

    /** The outbox stays the source of truth: a failed read loses nothing, sending resumes on the next event. */
    private static void guarded(OutboxTask task) {
        try {
            task.run();
        } catch (SQLException e) {
            Logger.error(e, "Outbox access failed");
        }
    }
}
