package com.bikefleet.server.live;

import com.bikefleet.model.protocol.ProtocolCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.function.Function;
import org.tinylog.Logger;

/** Adapts one listener's Tyrus session: subscriptions in, snapshot and updates out through its queue. */
public final class LiveEndpoint extends Endpoint {

    /** A listener only sends subscriptions; 10 000 bike ids fit easily. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final LiveHub hub;
    private final LiveSnapshots snapshots;
    private final SubscriptionParser parser;
    private final Function<LiveSocket, LiveListener> listeners;
    private LiveListener listener;
    private LiveSocket socket;

    LiveEndpoint(LiveHub hub, LiveSnapshots snapshots, SubscriptionParser parser,
                 Function<LiveSocket, LiveListener> listeners) {
        this.hub = hub;
        this.snapshots = snapshots;
        this.parser = parser;
        this.listeners = listeners;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        socket = new TyrusLiveSocket(session);
        listener = listeners.apply(socket);
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        // An app watching a parked bike may hear nothing for hours: listeners do not idle out. A dead one
        // is found when an update to it cannot be sent in time (close 4003).
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onMessage);
        hub.add(listener);
    }

    // Tyrus delivers one session's messages one at a time, so subscribe and its snapshot do not interleave.
    private void onMessage(String text) {
        Subscription subscription;
        try {
            subscription = parser.parse(text);
        } catch (LiveRequestException e) {
            String error = hub.json().error(e.code(), e.getMessage());
            if (ProtocolCodes.closesConnection(e.code())) {
                listener.closed();
                socket.send(error, sent -> socket.close(e.code(), e.getMessage()));
            } else {
                socket.send(error, sent -> { });
            }
            return;
        }
        hub.subscribe(listener, subscription);
        listener.snapshotReady(snapshots.frame(subscription));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        listener.closed();
        hub.remove(listener);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        Logger.debug("Live listener error: {}", failure.toString());
    }
}
