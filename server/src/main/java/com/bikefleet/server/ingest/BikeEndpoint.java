package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.http.ClientText;
import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.live.LiveFeed;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusSession;
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
    private final BikeSends sends;
    private final LogBudget logs;
    private BikeConnection connection;

    BikeEndpoint(IngestHandler handler, BulkFrameLane frames, ConnectedBikes connected, MessageCodec codec,
                 long idleTimeoutMillis, int maxFrameBytes, LiveFeed live, BikeSends sends, LogBudget logs) {
        this.live = live;
        this.sends = sends;
        this.logs = logs;
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
        connection = new BikeConnection(bikeId, BikePath.admission(session.getRequestParameterMap()), session, codec,
                handler.newRateLimiter(), sends, logs.connection(remoteAddress(session)));
        session.setMaxIdleTimeout(idleTimeoutMillis);
        // Tyrus closes a longer text message with 1009 (too big).
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame ->
                frames.deliver(connection, frame));
        // The loser may be this connection: one admitted later has already opened.
        BikeConnection replaced = connected.register(connection);
        if (replaced != null) {
            replaced.close(ProtocolCodes.REPLACED, "a newer connection of this bike took over");
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        connection.closed();
        // A connection replaced by a newer one is not the bike going offline.
        if (connected.unregister(connection) && connection.helloDone()) {
            live.bikeOffline(connection.bikeId());
        }
        // Always written, once per connection: it reports what the connection's log budget left out.
        Logger.info("Bike {} disconnected: {} {}{}", connection.bikeId(), reason.getCloseCode().getCode(),
                ClientText.truncate(reason.getReasonPhrase()), connection.logs().takeUnreportedNote());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // Tyrus reports here what went wrong on the connection, including an exception thrown while handling a
        // frame: that frame is lost to the store, so it must be visible. The id comes from the session, not from
        // the connection field: Tyrus may report an error on a thread that has not seen onOpen's write of it.
        // A client causes one per binary frame, so the lines are budgeted (per connection and address) and
        // short: Tyrus' message names the whole session, some 4 KB.
        BikeConnection current = connection;
        String note = current == null ? "" : current.logs().admit();
        if (note != null) {
            Logger.warn("Bike {} connection error: {}: {}{}", session.getPathParameters().get("bikeId"),
                    failure.getClass().getSimpleName(), ClientText.truncate(failure.getMessage()), note);
        }
    }

    /** The client's address (or its last proxy's), for its log budget. */
    private static String remoteAddress(Session session) {
        return session instanceof TyrusSession tyrus ? tyrus.getRemoteAddr() : null;
    }
}
