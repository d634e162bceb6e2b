package com.bikefleet.server.live;

import com.bikefleet.server.registry.ApiTokens;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Connection;
import com.bikefleet.server.http.BearerAuth;
import com.bikefleet.server.http.LogBudget;
import com.bikefleet.server.http.UpgradeGuard;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.nio.NIOConnection;
import org.tinylog.Logger;

/**
 * Who may open {@code /ws/live}: a holder of an API token, given as
 * {@code Authorization: Bearer <token>} or, since browsers cannot set headers on a WebSocket, from an
 * offered subprotocol {@code bearer.<token>} in {@code Sec-WebSocket-Protocol} (not logged by proxies) or
 * {@code ?token=}. A refusal is a complete 401 with {@code Content-Length: 0} and a closed connection. An accepted connection gets its socket send
 * buffer bounded, so a listener that stops reading shows up as a send that does not complete.
 */
final class LiveUpgradeGuard implements UpgradeGuard {

    private final ApiTokens tokens;
    private final int socketSendBuffer;
    private final LogBudget logs;

    LiveUpgradeGuard(ApiTokens tokens, int socketSendBuffer, LogBudget logs) {
        this.tokens = tokens;
        this.socketSendBuffer = socketSendBuffer;
        this.logs = logs;
    }

    @Override
    public boolean serves(String path) {
        return LivePath.PATH.equals(path);
    }

    @Override
    public int maxFrameBytes() {
        return LiveEndpoint.MAX_MESSAGE_BYTES;
    }

    @Override
    public boolean admit(FilterChainContext ctx, HttpRequestPacket request, String path) {
        String token = BearerAuth.token(request.getHeader(Header.Authorization));
        if (token == null) {
            token = protocolToken(request.getHeader("Sec-WebSocket-Protocol"));
        }
        if (token == null) {
            token = queryToken(request.getQueryString());
        }
        String name = tokens.authenticate(token);
        if (name != null) {
            boundSendBuffer(ctx.getConnection());
            Logger.info("Live listener '{}' connecting from {}", name, request.getRemoteAddress());
            return true;
        }
        // The token itself is never logged: in the query form it is as secret as in the header.
        String note = logs.address(request.getRemoteAddress()).admit();
        if (note != null) {
            Logger.warn("Refused live listener from {}: {}{}", request.getRemoteAddress(),
                    token == null ? "no token" : "unknown or revoked token", note);
        }
        BearerAuth.refuseUpgrade(ctx, request, "live");
        return false;
    }

    private void boundSendBuffer(Connection<?> connection) {
        if (socketSendBuffer > 0 && connection instanceof NIOConnection nio
                && nio.getChannel() instanceof SocketChannel channel) {
            try {
                channel.socket().setSendBufferSize(socketSendBuffer);
            } catch (SocketException e) {
                Logger.debug("Could not bound a live listener's send buffer: {}", e.getMessage());
            }
        }
    }

    /** The token of an offered subprotocol {@code bearer.<token>}, or null. */
    static String protocolToken(String header) {
        if (header == null) {
            return null;
        }
        for (String offer : header.split(",")) {
            String protocol = offer.trim();
            if (protocol.startsWith(LivePath.TOKEN_PROTOCOL_PREFIX)) {
                return protocol.substring(LivePath.TOKEN_PROTOCOL_PREFIX.length());
            }
        }
        return null;
    }

    static String queryToken(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
