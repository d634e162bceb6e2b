package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.live.LiveFeed;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.tinylog.Logger;

/** Adapts one Tyrus session to the ingest pipeline; holds no policy of its own. */
public final class BikeEndpoint extends Endpoint {

    private final IngestHandler handler;
    private final BulkFrameLane frames;
    private final ConnectedBikes connected;
    private final MessageCodec codec;
    private final long idleTimeoutMillis;
    private final int maxFrameBytes;
    private final LiveFeed live;
    private BikeConnection connection;

    BikeEndpoint(IngestHandler handler, BulkFrameLane frames, ConnectedBikes connected, MessageCodec codec,
                 long idleTimeoutMillis, int maxFrameBytes, LiveFeed live) {
        this.live = live;
        this.handler = handler;
        this.frames = frames;
        this.connected = connected;
        this.codec = codec;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String bikeId = session.getPathParameters().get("bikeId");
        connection = new BikeConnection(bikeId, session, codec, handler.newRateLimiter());
        session.setMaxIdleTimeout(idleTimeoutMillis);
        // Tyrus closes a longer text message with 1009 (too big).
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame ->
                frames.deliver(connection, frame));
        BikeConnection previous = connected.register(connection);
        if (previous != null) {
            previous.close(ProtocolCodes.REPLACED, "a newer connection of this bike took over");
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        // A connection replaced by a newer one is not the bike going offline.
        if (connected.unregister(connection) && connection.helloDone()) {
            live.bikeOffline(connection.bikeId());
        }
        Logger.info("Bike {} disconnected: {} {}", connection.bikeId(), reason.getCloseCode().getCode(),
                reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // Tyrus reports here what went wrong on the connection, including an exception thrown while handling a
        // frame: that frame is lost to the store, so it must be visible. The id comes from the session, not from
        // the connection field: Tyrus may report an error on a thread that has not seen onOpen's write of it.
        Logger.warn("Bike {} connection error: {}", session.getPathParameters().get("bikeId"), failure.toString());
    }
}
