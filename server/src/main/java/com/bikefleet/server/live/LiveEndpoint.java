package com.bikefleet.server.live;

import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.http.ClientText;
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

    /** Characters of an error's text sent back: the server's words and a short piece of the listener's. */
    static final int MAX_PROBLEM_CHARS = 160;

    private final LiveHub hub;
    private final LiveSnapshots snapshots;
    private final SubscriptionParser parser;
    private final Function<LiveSocket, LiveListener> listeners;
    private LiveListener listener;
    private TyrusLiveSocket socket;

    LiveEndpoint(LiveHub hub, LiveSnapshots snapshots, SubscriptionParser parser,
                 Function<LiveSocket, LiveListener> listeners) {
        this.hub = hub;
        this.snapshots = snapshots;
        this.parser = parser;
        this.listeners = listeners;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        socket = new TyrusLiveSocket(session, hub.counters());
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
            // The problem may quote what the listener sent (an unknown type): never echo kilobytes of it.
            String problem = ClientText.truncate(e.getMessage(), MAX_PROBLEM_CHARS);
            String error = hub.json().error(e.code(), problem);
            if (ProtocolCodes.closesConnection(e.code())) {
                listener.closed();
                socket.send(error, sent -> socket.close(e.code(), problem));
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
        socket.released();
        hub.remove(listener);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        Logger.debug("Live listener error: {}", failure.toString());
    }
}
