package com.bikefleet.agent.link;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ErrorMessage;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.ProtocolException;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
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
import java.util.function.LongSupplier;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.core.HandshakeException;
import org.tinylog.Logger;

/**
 * The agent's connection to the server: connects, says hello, sends the outbox in batches with a window
 * of unacknowledged batches, deletes what the server acknowledges, and reconnects with backoff when the
 * connection ends. Never gives up.
 *
 * <p>States: IDLE (waiting to connect) -> CONNECTING -> OPEN -> IDLE ..., and CLOSED once
 * {@link #close} was called. Each connection attempt is a fresh {@link Attempt}; events of an attempt
 * that is no longer current are ignored.
 *
 * <p>Threads: every field is owned by the agent's single worker thread, which also owns the outbox.
 * Tyrus calls back on its own threads; those callbacks only post to the worker. The blocking handshake
 * runs on a separate connector thread so that the worker keeps taking fixes meanwhile.
 */
public final class ServerLink {

    private enum State { IDLE, CONNECTING, OPEN, CLOSED }

    private final LinkSettings settings;
    private final Outbox outbox;
    private final ScheduledExecutorService worker;
    private final ExecutorService connector;
    private final ClientManager client;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final MessageCodec codec = new MessageCodec();
    private final LinkListener listener;

    private State state = State.IDLE;
    private Attempt current;
    private ScheduledFuture<?> reconnect;
    private long openedAtNanos;
    /** Highest sequence number sent on the current connection. */
    private long sentUpTo;
    /** Last sequence number of each batch in flight, oldest first. */
    private final Deque<Long> inFlight = new ArrayDeque<>();

    public ServerLink(LinkSettings settings, Outbox outbox, ScheduledExecutorService worker, ExecutorService connector,
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
    }

    /** Starts connecting. Call on the worker thread. */
    public void start() {
        connect();
    }

    /** A fix was appended to the outbox: send it if the window allows. Call on the worker thread. */
    public void fixAppended() {
        sendMore();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Sends a command's result to the server if connected. Call on the worker thread. */
    public void sendCommandResult(CommandResult result) {
        if (state == State.OPEN) {
            current.send(result);
        }
    }

    private void connect() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        Attempt attempt = new Attempt();
        current = attempt;
        connector.execute(() -> attempt.connect());
    }

    private void onOpen(Attempt attempt) {
        if (attempt != current || state != State.CONNECTING) {
            attempt.closeQuietly(ProtocolCodes.NORMAL, "superseded");
            return;
        }
        state = State.OPEN;
        openedAtNanos = nanoTime.getAsLong();
        sentUpTo = 0;
        inFlight.clear();
        attempt.send(new Hello(settings.bikeId(), settings.agentVersion(), ProtocolCodes.PROTOCOL_VERSION,
                outbox.outboxId()));
        Logger.info("Connected to {}", settings.endpoint());
        listener.onConnected();
        sendMore();
    }

    private void sendMore() {
        if (state != State.OPEN) {
            return;
        }
        try {
            while (inFlight.size() < settings.window()) {
                List<Position> batch = outbox.pendingAfter(sentUpTo, settings.batchSize());
                if (batch.isEmpty()) {
                    return;
                }
                current.send(new Positions(settings.bikeId(), batch));
                sentUpTo = batch.get(batch.size() - 1).seq();
                inFlight.addLast(sentUpTo);
            }
        } catch (SQLException e) {
            // The outbox stays the source of truth: nothing is lost, sending resumes on the next event.
            Logger.error(e, "Reading the outbox failed");
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
            Logger.warn("Ignoring a frame from the server that is not valid: {}", e.getMessage());
            return;
        }
        if (message instanceof Ack ack) {
            onAck(ack.seq());
        } else if (message instanceof ErrorMessage error) {
            Logger.warn("Server reported error {}: {}", error.code(), error.message());
        } else if (message instanceof Command command) {
            // Command handlers arrive with the SDK; until then the server learns that this agent cannot.
            attempt.send(new CommandResult(command.id(), "unsupported", "this agent has no handler for '"
                    + command.name() + "'"));
        }
    }

    private void onAck(long seq) {
        try {
            outbox.acknowledge(seq);
        } catch (SQLException e) {
            Logger.error(e, "Deleting acknowledged fixes up to {} failed; they will be sent again", seq);
            return;
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst() <= seq) {
            inFlight.removeFirst();
        }
        listener.onAcknowledged(seq);
        sendMore();
    }

    private void onClosed(Attempt attempt, String reason, boolean unauthorized) {
        if (attempt != current || state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && nanoTime.getAsLong() - openedAtNanos >= settings.stableAfter().toNanos()) {
            backoff.reset();
        }
        state = State.IDLE;
        current = null;
        inFlight.clear();
        Duration delay = backoff.nextDelay();
        if (unauthorized) {
            Logger.error("The server refused bike '{}' (HTTP 401): check bike.id and bike.token; retrying in {} ms",
                    settings.bikeId(), delay.toMillis());
            listener.onUnauthorized();
        } else {
            Logger.info("Disconnected ({}); reconnecting in {} ms", reason, delay.toMillis());
        }
        listener.onDisconnected(reason, delay.toMillis());
        reconnect = worker.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops for good: closes the connection cleanly and cancels any reconnect. Call on the worker thread.
     */
    public void close() {
        State was = state;
        state = State.CLOSED;
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        if (current != null && was == State.OPEN) {
            current.closeQuietly(ProtocolCodes.GOING_AWAY, "agent shutting down");
        }
        current = null;
    }

    /** Fixes sent on this connection and not yet acknowledged, as batches. */
    public int batchesInFlight() {
        return inFlight.size();
    }

    /** One connection attempt and, if it succeeds, the connection; owns its Tyrus session. */
    private final class Attempt extends Endpoint {

        // Written by the connector thread or Tyrus' thread in onOpen, read by the worker.
        private volatile Session session;

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
                String reason = unauthorized ? "unauthorized" : "connect failed: " + rootMessage(e);
                worker.execute(() -> onClosed(this, reason, unauthorized));
            }
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame ->
                    worker.execute(() -> onMessage(this, frame)));
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

        void send(Message message) {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.getAsyncRemote().sendText(codec.encode(message));
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
    }

    private static boolean isUnauthorized(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return true;
            }
            if (t instanceof HandshakeException handshake && handshake.getHttpStatusCode() == 401) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("401")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
