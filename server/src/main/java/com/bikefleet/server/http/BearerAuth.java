package com.bikefleet.server.http;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * Bearer tokens: reading one from a header, and refusing a WebSocket upgrade so that the client knows at
 * once: a complete {@code 401} with {@code Content-Length: 0}, then the connection closed
 * ({@link RefusedUpgrade}). Tyrus cannot do this itself (a 401 set in its configurator still opens the
 * socket), so the auth filters in front of it use this.
 */
public final class BearerAuth {

    private BearerAuth() {
    }

    /** Answers 401 for {@code realm} and closes the connection once the answer is written. */
    public static void refuseUpgrade(FilterChainContext ctx, HttpRequestPacket request, String realm) {
        HttpResponsePacket response = request.getResponse();
        response.setStatus(HttpStatus.UNAUTHORIZED_401);
        response.setHeader(Header.WWWAuthenticate, "Bearer realm=\"" + realm + "\"");
        RefusedUpgrade.send(ctx, response);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String token(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
    }
}
