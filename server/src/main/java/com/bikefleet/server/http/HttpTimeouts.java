package com.bikefleet.server.http;

import java.time.Duration;

/**
 * How long a connection that is not (yet) a WebSocket may hold the server's attention without finishing a
 * request: a client that connects and sends nothing, or sends its headers a byte at a time, would otherwise
 * keep a descriptor for ever.
 *
 * @param requestHead   a new connection must have sent a complete request line and headers within this
 * @param keepAliveIdle after a response, the next request's head must be complete within this
 */
public record HttpTimeouts(Duration requestHead, Duration keepAliveIdle) {

    public static final HttpTimeouts DEFAULTS = new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public HttpTimeouts {
        if (requestHead == null || requestHead.toMillis() < 100 || keepAliveIdle == null
                || keepAliveIdle.toMillis() < 100) {
            throw new IllegalArgumentException("HTTP timeouts must be at least 100ms, were " + requestHead
                    + " and " + keepAliveIdle);
        }
    }
}
