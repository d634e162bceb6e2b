package com.bikefleet.agent.link;

import com.bikefleet.model.protocol.ProtocolCodes;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.RetryAfterException;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.core.HandshakeException;
import org.tinylog.Logger;

/**
 * Connections through Tyrus' client: the only class of the link that knows Tyrus. The blocking handshake,
 * and closing a peer that is gone, run on the connector thread, so the link's thread keeps taking fixes
 * meanwhile; Tyrus calls back on its own threads, and those callbacks only hand the event to the link's
 * thread.
 */
public final class TyrusDialer implements Dialer {

    /**
     * The largest message the agent takes from the server, in bytes. The server sends acks, errors and
     * commands of a few KB at most; Tyrus' default (4 MB) let one oversized command exhaust a small heap.
     * A larger frame makes Tyrus close the connection (1011 for one frame, 1009 for a fragmented message)
     * and the agent reconnect; the server refuses commands that could grow a frame this large.
     */
    static final int MAX_SERVER_MESSAGE_BYTES = 64 * 1024;

    private final URI endpoint;
    private final String token;
    private final ClientManager client;
    private final Executor connector;
    private final Executor linkThread;

    /**
     * @param client     may be shared by several links (the simulator's bikes); its handshake timeout and
     *                   incoming buffer are set here
     * @param connector  runs the blocking handshake and closes of dead peers
     * @param linkThread the link's thread, which receives every event
     */
    public TyrusDialer(LinkSettings settings, ClientManager client, Executor connector, Executor linkThread) {
        this.endpoint = settings.endpoint();
        this.token = settings.token();
        this.client = client;
        this.connector = connector;
        this.linkThread = linkThread;
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) settings.handshakeTimeout().toMillis());
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_SERVER_MESSAGE_BYTES);
    }

    @Override
    public void dial(Wire.Events events) {
        TyrusWire wire = new TyrusWire(events);
        connector.execute(wire::connect);
    }

    /** One attempt and, if it opens, the connection; owns its Tyrus session. */
    private final class TyrusWire extends Endpoint implements Wire {

        private final Wire.Events events;
        // Written by the connector thread or Tyrus' thread in onOpen, read by the link's thread.
        private volatile Session session;
        // Set by the first failed send, from the link's thread or a Tyrus thread.
        private final AtomicBoolean aSendFailed = new AtomicBoolean();

        TyrusWire(Wire.Events events) {
            this.events = events;
        }

        void connect() {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("Authorization", List.of("Bearer " + token));
                        }
                    })
                    .build();
            try {
                client.connectToServer(this, config, endpoint);
            } catch (DeploymentException | IOException | RuntimeException e) {
                Disconnect why = failure(e);
                linkThread.execute(() -> events.onEnd(why));
            }
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            // The buffer size above bounds one frame; this bounds a message sent in fragments.
            session.setMaxTextMessageBufferSize(MAX_SERVER_MESSAGE_BYTES);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame ->
                    linkThread.execute(() -> events.onText(frame)));
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong ->
                    linkThread.execute(events::onPong));
            linkThread.execute(() -> events.onOpen(this));
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            String reason = "closed " + closeReason.getCloseCode().getCode()
                    + (closeReason.getReasonPhrase().isEmpty() ? "" : " " + closeReason.getReasonPhrase());
            linkThread.execute(() -> events.onEnd(Disconnect.dropped(reason)));
        }

        @Override
        public void onError(Session session, Throwable failure) {
            Logger.debug("Connection error: {}", failure.toString());
        }

        @Override
        public void send(String text) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                return; // closing: onClose follows and the next connection resends
            }
            try {
                s.getAsyncRemote().sendText(text, result -> {
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
            abort(ProtocolCodes.GOING_AWAY, "send failed");
            linkThread.execute(() -> events.onEnd(Disconnect.dropped("send failed")));
        }

        @Override
        public void ping() {
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

        @Override
        public void close(int code, String reason) {
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

        @Override
        public void abort(int code, String reason) {
            connector.execute(() -> close(code, reason));
        }
    }

    private static Disconnect failure(Throwable e) {
        if (isUnauthorized(e)) {
            return Disconnect.unauthorizedBike();
        }
        Duration retryAfter = retryAfter(e);
        return retryAfter != null ? Disconnect.serverBusy(retryAfter)
                : Disconnect.dropped("connect failed: " + rootMessage(e));
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
