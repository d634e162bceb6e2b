package com.bikefleet.server.ingest;

import com.bikefleet.server.registry.BikeRegistry;
import java.io.IOException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.tinylog.Logger;

/**
 * Checks a bike's credentials before Tyrus sees the upgrade request: the bike id is the last path segment
 * of {@code /ws/bikes/{bikeId}}, the token comes as {@code Authorization: Bearer <token>}.
 *
 * <p>Tyrus has no clean way to refuse: a 401 set in a configurator still opens the WebSocket, and a
 * refused upgrade is written without a length and left open, so the client waits for its timeout. Here a
 * refused bike gets a complete {@code 401} with {@code Content-Length: 0}, and the connection is closed.
 */
final class BikeUpgradeAuthFilter extends BaseFilter {

    private final BikeRegistry registry;

    BikeUpgradeAuthFilter(BikeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || !request.isUpgrade()
                || !request.getRequestURI().startsWith(BikePath.PREFIX)) {
            return ctx.getInvokeAction();
        }
        String bikeId = BikePath.bikeId(request.getRequestURI());
        String token = bearerToken(request.getHeader(Header.Authorization));
        if (registry.authenticate(bikeId, token)) {
            return ctx.getInvokeAction();
        }
        Logger.warn("Refused bike handshake for '{}' from {}: {}", bikeId, request.getRemoteAddress(),
                token == null ? "no bearer token" : "wrong token or unknown bike");
        refuse(ctx, request);
        return ctx.getStopAction();
    }

    private static void refuse(FilterChainContext ctx, HttpRequestPacket request) {
        HttpResponsePacket response = request.getResponse();
        response.setStatus(HttpStatus.UNAUTHORIZED_401);
        response.setHeader(Header.WWWAuthenticate, "Bearer realm=\"bikes\"");
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

    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
    }
}
