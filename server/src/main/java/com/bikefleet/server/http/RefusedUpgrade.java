package com.bikefleet.server.http;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers a WebSocket upgrade request with a complete, empty response and closes the connection once it is
 * written, so the client learns the outcome at once. Tyrus cannot refuse like this itself (a refused upgrade
 * is written without a length and left open, and the client waits for its timeout), so the filters in front
 * of it use this.
 */
final class RefusedUpgrade {

    private RefusedUpgrade() {
    }

    /** Writes {@code response} (status and headers already set) with no body, then closes the connection. */
    static void send(FilterChainContext ctx, HttpResponsePacket response) {
        response.setHeader(Header.Connection, "close");
        response.setContentLength(0);
        Connection<?> connection = ctx.getConnection();
        HttpContent body = HttpContent.builder(response).content(Buffers.EMPTY_BUFFER).last(true).build();
        ctx.write(body, new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }
}
