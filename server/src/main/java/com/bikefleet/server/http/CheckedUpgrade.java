package com.bikefleet.server.http;

import java.util.function.Predicate;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * Remembers that an upgrade request has passed its filter's checks. After the upgrade, Grizzly hands every
 * read of the connection, that is every WebSocket frame, to the filters as content of that same request, which
 * still says "upgrade" and still has its path. A filter that checked it again on each frame would
 * authenticate every frame, and one that then refused (the handshake deferral, a revoked token) would close
 * an open connection without a close frame: bikes connected before the store fell behind lost their
 * connections on their next frame. Filters check a request once and let the rest of its connection through.
 */
public final class CheckedUpgrade {

    private static final String ATTRIBUTE = CheckedUpgrade.class.getName();

    private CheckedUpgrade() {
    }

    /**
     * The upgrade request this read carries, when its path is one {@code path} accepts and it has not been
     * checked yet; null for anything else, including the frames of a connection already let through.
     */
    public static HttpRequestPacket awaitingCheck(FilterChainContext ctx, Predicate<String> path) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request
                && request.isUpgrade()
                && request.getAttribute(ATTRIBUTE) == null
                && path.test(request.getRequestURI())) {
            return request;
        }
        return null;
    }

    /** Marks the request as let through; call just before passing it on to the WebSocket upgrade. */
    public static void markChecked(HttpRequestPacket request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }
}
