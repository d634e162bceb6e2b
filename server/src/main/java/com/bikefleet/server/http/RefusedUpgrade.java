package com.bikefleet.server.http;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers a WebSocket upgrade request with a complete, empty response and has the connection closed once it
 * is written, so the client learns the outcome at once. Tyrus cannot refuse like this itself (a refused
 * upgrade is written without a length and left open, and the client waits for its timeout), so the filters
 * in front of it use this.
 *
 * <p>The connection is closed by Grizzly's HTTP codec, not here: the response is marked not keep-alive and
 * the codec is told that the response is complete, as Grizzly's own HTTP handler does, so it closes the
 * connection and recycles the request in its own order. Closing the connection from the write's completion
 * handler instead broke other connections under a storm of refusals: with about 10,000 handshakes deferred
 * in a reconnect storm, 2,260 connections lost frames (a hello, a fix) and none did with this
 * (docs/performance-log.md).
 */
public final class RefusedUpgrade {

    private RefusedUpgrade() {
    }

    /**
     * Answers 503 with {@code Retry-After: seconds}, then the connection is closed: the client should come
     * back, but not before then.
     */
    public static void comeBackLater(FilterChainContext ctx, HttpRequestPacket request, int seconds) {
        HttpResponsePacket response = request.getResponse();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.setHeader(Header.RetryAfter, Integer.toString(seconds));
        send(ctx, response);
    }

    /** Writes {@code response} (status and headers already set) with no body; the codec then closes. */
    static void send(FilterChainContext ctx, HttpResponsePacket response) {
        response.setHeader(Header.Connection, "close");
        response.setContentLength(0);
        response.getProcessingState().setKeepAlive(false);
        ctx.write(HttpContent.builder(response).content(Buffers.EMPTY_BUFFER).last(true).build());
        ctx.notifyDownstream(HttpServerFilter.RESPONSE_COMPLETE_EVENT);
    }
}
