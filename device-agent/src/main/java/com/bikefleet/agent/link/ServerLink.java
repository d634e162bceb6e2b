package com.bikefleet.agent.link;

import com.bikefleet.agent.outbox.FixOutbox;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.GpsState;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.ProtocolException;
import com.bikefleet.model.protocol.Status;
import com.bikefleet.model.protocol.TelemetryAck;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.RetryAfterException;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.core.HandshakeException;
import org.tinylog.Logger;

/**
 * The agent's connection to the server: connects, says hello, hands sending to an {@link OutboxSender},
 * deletes what the server acknowledges, pings with a deadline, and reconnects with backoff when the
 * connection ends or goes silent. Never gives up.
 *
 * <p>States: IDLE (waiting to connect) -> CONNECTING -> OPEN -> IDLE ..., and CLOSED once {@link #close}
 * was called. Each connection attempt is a fresh {@link Attempt}; events of an attempt that is no longer
 * current are ignored, so a dead connection that finally reports its close changes nothing.
 *
 * <p>Threads: every field is owned by the agent's single worker thread, which also owns the outbox.
 * Tyrus calls back on its own threads; those callbacks only post to the worker. The blocking handshake
 * and closing a dead session run on the connector thread, so the worker keeps taking fixes meanwhile.
 */
public final class ServerLink {

    private enum State { IDLE, CONNECTING, OPEN, CLOSED }

    /**
     * The largest message the agent takes from the server, in bytes. The server sends acks, errors and
     * commands of a few KB at most; Tyrus' default (4 MB) let one oversized command exhaust a small heap.
     * A larger frame makes Tyrus close the connection (1011 for one frame, 1009 for a fragmented message)
     * and the agent reconnect; the server refuses commands that could grow a frame this large.
     */
    static final int MAX_SERVER_MESSAGE_BYTES = 64 * 1024;

    /** How long to wait after a 4102 before resending: long enough for a token bucket to refill. */
    private static final long RATE_LIMIT_PAUSE_MILLIS = 1_000;

    private final LinkSettings settings;
    private final FixOutbox outbox;
    private final ScheduledExecutorService worker;
    private final ExecutorService connector;
    private final ClientManager client;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final MessageCodec codec = new MessageCodec();
    private final LinkListener listener;

    private State state = State.IDLE;
    private Attempt current;
    private OutboxSender sender;
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> heartbeat;
    private long openedAtNanos;
    /** When the unanswered ping was sent (nanoTime), or -1 when none is outstanding. */
    private long pingSentAtNanos = -1;
    private long lastStatusAtNanos;
    /** Notices an ack held below a fix lost on this connection; new per connection. */
    private AckStallWatch ackStall;
    private String gpsState = GpsState.NO_DATA.wireName();
    private Status lastStatusSent;
    /** The hello went out and the server's outboxState has not come: nothing numbered is sent meanwhile. */
    private boolean awaitingOutboxState;
    private ScheduledFuture<?> outboxStateTimeout;
    /** Results of commands finished while offline, sent on the next connection. */
    private final Deque<CommandResult> pendingResults = new ArrayDeque<>();
    private final ReconnectLog reconnectLog = new ReconnectLog();

    public ServerLink(LinkSettings settings, FixOutbox outbox, ScheduledExecutorService worker, ExecutorService connector,
                      ClientManager client, Backoff backoff, LongSupplier nanoTime, LinkListener listener) {
        this.settings = settings;
        this.outbox = outbox;
        this.worker = worker;
        this.connector = connector;
        this.client = client;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.listener = listener;
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) settings.handshakeTimeout().toMillis());
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_SERVER_MESSAGE_BYTES);
    }

    /** Starts connecting. Call on the worker thread. */
    public void start() {
        connect();
    }

    /** A fix was committed to the outbox: send it now if connected. Call on the worker thread. */
    public void fixAppended(Position position) {
        if (state == State.OPEN && !awaitingOutboxState) {
            guarded(() -> sender.appended(position));
        }
    }

    /** A telemetry reading was committed to the outbox. Call on the worker thread. */
    public void readingAppended() {
        if (state == State.OPEN && !awaitingOutboxState) {
            guarded(sender::sendMore);
        }
    }

    /** The GPS state changed ({@code fix}, {@code no_fix}, {@code no_data}). Call on the worker thread. */
    public void gpsState(String state) {
        gpsState = state;
        sendStatusIfChanged();
    }

    /** The network changed: if waiting to reconnect, try now; if connected, check the link at once. */
    public void connectivityChanged() {
        if (state == State.IDLE && reconnect != null) {
            reconnect.cancel(false);
            Logger.info("Network changed: reconnecting now");
            connect();
        } else if (state == State.OPEN && pingSentAtNanos < 0) {
            ping();
        }
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Sends a command's result now, or on the next connection. Call on the worker thread. */
    public void sendCommandResult(CommandResult result) {
        if (state == State.OPEN) {
            current.send(result);
        } else {
            pendingResults.addLast(result);
        }
    }

    private void connect() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        Attempt attempt = new Attempt();
        current = attempt;
        connector.execute(attempt::connect);
    }

    private void onOpen(Attempt attempt) {
        if (attempt != current || state != State.CONNECTING) {
            connector.execute(() -> attempt.closeQuietly(ProtocolCodes.NORMAL, "superseded"));
            return;
        }
        state = State.OPEN;
        openedAtNanos = nanoTime.getAsLong();
        ackStall = new AckStallWatch(settings.pongTimeout().toNanos(), openedAtNanos);
        pingSentAtNanos = -1;
        lastStatusSent = null;
        sender = new OutboxSender(outbox, settings.bikeId(), settings.batchSize(), settings.window(), attempt::send);
        try {
            attempt.send(new Hello(settings.bikeId(), settings.agentVersion(), ProtocolCodes.PROTOCOL_VERSION,
                    outbox.outboxId(), outbox.floor(), outbox.dropped(), outbox.skipped(), outbox.previousOutboxId(),
                    outbox.resetReason()));
        } catch (SQLException e) {
            Logger.error(e, "Reading the outbox failed");
        }
        Logger.info("Connected to {}; {} fixes to send", settings.endpoint(), outbox.depth());
        reconnectLog.connected();
        sendStatusIfChanged();
        while (!pendingResults.isEmpty()) {
            attempt.send(pendingResults.removeFirst());
        }
        long tick = settings.pingInterval().toMillis();
        heartbeat = worker.scheduleAtFixedRate(() -> heartbeat(attempt), tick, tick, TimeUnit.MILLISECONDS);
        listener.onConnected();
        // Numbered fixes wait for the server's outboxState: if this outbox rolled back, they must be renumbered
        // first, or the server would take them for duplicates. A server that never answers is an older one.
        awaitingOutboxState = true;
        outboxStateTimeout = worker.schedule(() -> {
            if (attempt == current && state == State.OPEN && awaitingOutboxState) {
                Logger.warn("The server did not answer the hello with its outboxState within {} ms (an older "
                        + "server?): sending without checking the outbox against it",
                        settings.handshakeTimeout().toMillis());
                startSending();
            }
        }, settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void startSending() {
        awaitingOutboxState = false;
        if (outboxStateTimeout != null) {
            outboxStateTimeout.cancel(false);
        }
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

    /** Pings, declares the link dead when a ping goes unanswered too long, and repeats the status. */
    private void heartbeat(Attempt attempt) {
        if (attempt != current || state != State.OPEN) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (pingSentAtNanos >= 0 && now - pingSentAtNanos >= settings.pongTimeout().toNanos()) {
            Logger.warn("No pong within {} ms: the link is dead", settings.pongTimeout().toMillis());
            connector.execute(attempt::abort);
            onClosed(attempt, "no pong within " + settings.pongTimeout().toMillis() + " ms", false);
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
        pingSentAtNanos = nanoTime.getAsLong();
        current.ping();
    }

    private void onPong(Attempt attempt) {
        if (attempt == current) {
            pingSentAtNanos = -1;
        }
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
            current.send(status);
            lastStatusSent = status;
            lastStatusAtNanos = nanoTime.getAsLong();
        }
    }

    private void onMessage(Attempt attempt, String frame) {
        if (attempt != current || state != State.OPEN) {
            return;
        }
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            CommandResult refused = CommandScreen.invalid(frame, e);
            if (refused != null) {
                Logger.warn("Refusing command {}: {}", refused.id(), refused.message());
                sendCommandResult(refused);
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
            Logger.warn("Server reported error {}: {}", error.code(), error.message());
            if (error.code() == ProtocolCodes.RATE_LIMITED) {
                // A frame was dropped unread; send what is pending again once the server's budget refills.
                worker.schedule(() -> {
                    if (attempt == current && state == State.OPEN && !awaitingOutboxState) {
                        guarded(sender::resendPending);
                    }
                }, RATE_LIMIT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else if (message instanceof Command command) {
            CommandResult refused = CommandScreen.tooLarge(command, frame);
            if (refused != null) {
                Logger.warn("Refusing command {} ({}): {}", command.id(), command.name(), refused.message());
                sendCommandResult(refused);
            } else {
                listener.onCommand(command);
            }
        }
    }

    private void onAck(long seq) {
        ackStall.acked(seq, nanoTime.getAsLong());
        guarded(() -> {
            outbox.acknowledge(seq);
            listener.onAcknowledged(seq);
            sender.acknowledged(seq);
        });
        sendStatusIfChanged();
    }

    private void onClosed(Attempt attempt, String reason, boolean unauthorized) {
        onClosed(attempt, reason, unauthorized, null);
    }

    /** @param retryAfter how long the server asked to wait (503 with Retry-After), or null */
    private void onClosed(Attempt attempt, String reason, boolean unauthorized, Duration retryAfter) {
        if (attempt != current || state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && nanoTime.getAsLong() - openedAtNanos >= settings.stableAfter().toNanos()) {
            backoff.reset();
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (outboxStateTimeout != null) {
            outboxStateTimeout.cancel(false);
        }
        awaitingOutboxState = false;
        state = State.IDLE;
        current = null;
        sender = null;
        Duration delay = retryAfter != null ? backoff.serverDelay(retryAfter) : backoff.nextDelay();
        if (unauthorized) {
            Logger.error("The server refused bike '{}' (HTTP 401): check bike.id and bike.token; retrying in {} ms",
                    settings.bikeId(), delay.toMillis());
            listener.onUnauthorized();
        } else {
            ReconnectLog.Line line = reconnectLog.failed(reason, nanoTime.getAsLong());
            if (!line.info()) {
                Logger.debug("Disconnected ({}); reconnecting in {} ms", reason, delay.toMillis());
            } else if (line.attemptsSinceLogged() > 1) {
                Logger.info("Still disconnected ({}, {} attempts since the last line); reconnecting in {} ms",
                        reason, line.attemptsSinceLogged(), delay.toMillis());
            } else {
                Logger.info("Disconnected ({}); reconnecting in {} ms (the same failure again is logged every "
                        + "{} minutes)", reason, delay.toMillis(), TimeUnit.NANOSECONDS.toMinutes(ReconnectLog.REPEAT_NANOS));
            }
        }
        listener.onDisconnected(reason, delay.toMillis());
        reconnect = worker.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops for good: closes the connection cleanly and cancels any reconnect. Call on the worker thread. */
    public void close() {
        State was = state;
        state = State.CLOSED;
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (current != null && was == State.OPEN) {
            current.closeQuietly(ProtocolCodes.GOING_AWAY, "agent shutting down");
        }
        current = null;
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

    /** One connection attempt and, if it succeeds, the connection; owns its Tyrus session. */
    private final class Attempt extends Endpoint {

        // Written by the connector thread or Tyrus' thread in onOpen, read by the worker.
        private volatile Session session;
        // Set by the first failed send, from the worker or a Tyrus thread.
        private final AtomicBoolean aSendFailed = new AtomicBoolean();

        void connect() {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("Authorization", List.of("Bearer " + settings.token()));
                        }
                    })
                    .build();
            try {
                client.connectToServer(this, config, settings.endpoint());
            } catch (DeploymentException | IOException | RuntimeException e) {
                boolean unauthorized = isUnauthorized(e);
                Duration retryAfter = retryAfter(e);
                String reason = unauthorized ? "unauthorized"
                        : retryAfter != null ? "server busy, asked to come back in " + retryAfter.toSeconds() + " s"
                        : "connect failed: " + rootMessage(e);
                worker.execute(() -> onClosed(this, reason, unauthorized, retryAfter));
            }
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            // The buffer size above bounds one frame; this bounds a message sent in fragments.
            session.setMaxTextMessageBufferSize(MAX_SERVER_MESSAGE_BYTES);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame ->
                    worker.execute(() -> onMessage(this, frame)));
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong ->
                    worker.execute(() -> onPong(this)));
            worker.execute(() -> ServerLink.this.onOpen(this));
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            String reason = "closed " + closeReason.getCloseCode().getCode()
                    + (closeReason.getReasonPhrase().isEmpty() ? "" : " " + closeReason.getReasonPhrase());
            worker.execute(() -> onClosed(this, reason, false));
        }

        @Override
        public void onError(Session session, Throwable failure) {
            Logger.debug("Connection error: {}", failure.toString());
        }

        /**
         * Sends without waiting. A frame that fails to go out must not be forgotten: the sender counts it as
         * in flight, and a fix that never arrives holds the server's cumulative ack below it for as long as
         * the connection lasts. So a failed send drops the connection, and the next one resends from the
         * outbox's floor.
         */
        void send(Message message) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                return; // closing: onClose follows and the next connection resends
            }
            try {
                s.getAsyncRemote().sendText(codec.encode(message), result -> {
                    if (!result.isOK()) {
                        sendFailed(result.getException());
                    }
                });
            } catch (IllegalStateException e) {
                sendFailed(e);
            }
        }

        private void sendFailed(Throwable failure) {
            // Every frame in flight fails with the connection; one warning and one close are enough.
            if (!aSendFailed.compareAndSet(false, true)) {
                return;
            }
            Logger.warn("Sending to the server failed ({}): dropping the connection to send again on a new one",
                    failure == null ? "no reason given" : failure.toString());
            connector.execute(() -> closeQuietly(ProtocolCodes.GOING_AWAY, "send failed"));
            worker.execute(() -> onClosed(this, "send failed", false));
        }

        void ping() {
            Session s = session;
            if (s == null || !s.isOpen()) {
                return;
            }
            try {
                s.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | IllegalStateException e) {
                Logger.debug("Ping failed: {}", e.toString());
            }
        }

        void closeQuietly(int code, String reason) {
            Session s = session;
            if (s == null) {
                return;
            }
            try {
                s.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException | IllegalStateException e) {
                Logger.debug("Closing failed: {}", e.toString());
            }
        }

        /** The peer is gone: give up on the session without waiting for a close handshake. */
        void abort() {
            closeQuietly(ProtocolCodes.GOING_AWAY, "no pong");
        }
    }

    private static boolean isUnauthorized(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return true;
            }
            if (t instanceof HandshakeException handshake && handshake.getHttpStatusCode() == 401) {
                return true;
            }
        }
        return false;
    }

    /** The delay of a 503 answered with Retry-After, or null (no such answer, or no usable header). */
    private static Duration retryAfter(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetryAfterException busy) {
                Long seconds = busy.getDelay();
                // A negative delay (a date in the past) is clamped by Backoff.serverDelay.
                return seconds == null ? null : Duration.ofSeconds(seconds);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
